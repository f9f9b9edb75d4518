/**
 * Backcare: personalised back-care plans from back-health profiles, by readable Drools rules.
 *
 * <p>The API: {@link org.backcare.Planner} (the facade), the profile records with their reader and writer
 * ({@code org.backcare.profile}), the plan records with their writer ({@code org.backcare.plan}), rule sets and their
 * errors ({@code org.backcare.rules}), and FHIR R4 in and out ({@code org.backcare.fhir}, which needs HAPI FHIR on the
 * module path). Nothing else is exported: the commands, batch runs, reports and the server are internal.
 *
 * <p>The module is open because Drools and Jackson reach the rules' facts, the generated executable model and the
 * records by reflection; being open lets them read, and adds nothing to what code may compile against.
 */
open module org.backcare {
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.yaml.snakeyaml;
    requires org.drools.base;
    requires org.drools.core;
    requires org.drools.compiler;
    requires org.drools.modelcompiler;
    requires org.drools.canonicalmodel;
    requires org.kie.api;
    requires org.kie.internal.api;
    requires java.management;
    // Drools logs through SLF4J but, as automatic modules, its jars cannot say so: this brings the API into the
    // module graph (the app chooses the binding)
    requires org.slf4j;
    // compiles rule sets to the executable model, whose classes are checked in their bytecode
    requires org.drools.model.codegen;
    requires org.drools.drl.parser;
    requires org.drools.drl.ast;
    requires org.objectweb.asm;
    // optional: the commands, the report, FHIR and the server, each needed only by what uses it
    requires static info.picocli;
    requires static me.tongfei.progressbar;
    requires static com.github.mustachejava;
    // org.backcare.fhir takes and returns HAPI's types (FhirContext, Bundle, Patient): an app that uses it reads them
    requires static transitive hapi.fhir.base;
    requires static hapi.fhir.structures.r4;
    requires static transitive org.hl7.fhir.r4;
    requires static hapi.fhir.structures.r5;
    requires static transitive org.hl7.fhir.r5;
    requires static org.hl7.fhir.convertors;
    requires static jdk.httpserver;
    // the review workspace: its database, migrations, connection pool and password hashes
    requires java.sql;
    requires static com.h2database;
    requires static flyway.core;
    requires static com.zaxxer.hikari;
    requires static spring.security.crypto;
    requires static org.apache.commons.csv;
    requires static org.apache.commons.fileupload2.core;
    requires static org.apache.commons.io;

    exports org.backcare;
    exports org.backcare.profile;
    exports org.backcare.plan;
    exports org.backcare.rules;
    exports org.backcare.fhir;
}
