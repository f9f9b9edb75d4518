/**
 * Internal: scenario files: rule tests that clinicians write. Not exported by the module and not part of the API: it may change in any release.
 */
package org.backcare.scenario;
