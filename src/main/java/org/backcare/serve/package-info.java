/**
 * Internal (the {@code serve} command; not exported by the module): a CDS Hooks 2.0 service and a plain
 * {@code POST /plan} over HTTP ({@link org.backcare.serve.CdsServer}), for clinical systems that ask for decision
 * support and apps that do not embed Java. Uses the JDK's HTTP server and the FHIR package; the planning core never
 * uses it.
 */
package org.backcare.serve;
