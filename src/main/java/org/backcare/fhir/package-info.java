/**
 * FHIR R4 in and out, by HAPI FHIR: a profile from a Bundle of a Patient, Observations and a STarT Back
 * QuestionnaireResponse ({@link org.backcare.fhir.ProfileBundles}), and a plan as a Bundle with a CarePlan, a Goal and
 * RiskAssessments ({@link org.backcare.fhir.CarePlanBundles}). HAPI is an optional dependency of Backcare: an app that
 * uses this package adds {@code ca.uhn.hapi.fhir:hapi-fhir-structures-r4} itself; the planning core never uses it.
 */
package org.backcare.fhir;
