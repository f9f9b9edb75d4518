/**
 * Internal: the weekly schedule the planner builds from the rules' findings. Not exported by the module and not part of the API: it may change in any release.
 */
package org.backcare.schedule;
