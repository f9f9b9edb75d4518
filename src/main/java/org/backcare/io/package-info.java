/**
 * Internal: reading many profile inputs (files, directories, JSON Lines) and writing into an output directory that
 * one run owns, shared by the {@code batch}, {@code report}, {@code diff} and {@code test-rules} commands. Not part of
 * the library's API: it may change in any release.
 */
package org.backcare.io;
