/**
 * Internal: batch runs: many profiles planned into an output directory, resumable, with a summary. Not exported by the module and not part of the API: it may change in any release.
 */
package org.backcare.batch;
