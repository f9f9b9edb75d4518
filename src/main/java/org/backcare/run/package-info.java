/**
 * Internal: planning under a time limit, so that rules that loop or wait fail one profile instead of hanging a
 * command. Not part of the library's API: it may change in any release.
 */
package org.backcare.run;
