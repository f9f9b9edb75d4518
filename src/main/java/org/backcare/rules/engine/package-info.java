/**
 * The rule set's engine, for Backcare's own planner, scheduler, reports and tests: what the rules conclude for a
 * profile, and the activity catalogue. Internal: not exported by the module.
 */
package org.backcare.rules.engine;
