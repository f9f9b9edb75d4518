/**
 * Internal: simulated programmes of weeks, for reviewing progression. Not exported by the module and not part of the API: it may change in any release.
 */
package org.backcare.simulate;
