/**
 * Internal: the HTML report, plan pages and handouts, and the plan as text. Not exported by the module and not part of the API: it may change in any release.
 */
package org.backcare.report;
