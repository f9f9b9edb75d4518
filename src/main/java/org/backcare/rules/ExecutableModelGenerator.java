package org.backcare.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.backcare.rules.facts.Level;

/**
 * Build step: compiles the built-in rules to Drools' executable model, so that Backcare starts without compiling
 * DRL (see {@link RuleSet#builtIn()}). Run by Maven in the {@code process-classes} phase:
 * {@code ExecutableModelGenerator RULES_DIR CLASSES_DIR} writes the model's classes into CLASSES_DIR and, in
 * {@value #INDEX}, the version and checksum of the rules they were made from and the model classes to load.
 */
final class ExecutableModelGenerator {
    /**
     * The resource that lists the generated model: the rules' version, their checksum, then one model class per line.
     */
    static final String INDEX = "backcare/rules-model.txt";

    private ExecutableModelGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ExecutableModelGenerator RULES_DIR CLASSES_DIR");
            System.exit(2);
        }
        Path rulesDir = Path.of(args[0]);
        Path classes = Path.of(args[1]);
        RuleFiles files = RuleFiles.read(rulesDir.toString(), rulesDir);

        KieServices kie = KieServices.get();
        KieFileSystem sources = kie.newKieFileSystem();
        sources.generateAndWritePomXML(kie.newReleaseId("org.backcare", "backcare-rules", "1"));
        for (Map.Entry<String, byte[]> file : files.files().entrySet()) {
            if (file.getKey().endsWith(".drl")) {
                sources.write("src/main/resources/backcare/rules/" + file.getKey(), file.getValue());
            }
        }
        KieBuilder builder = kie.newKieBuilder(sources).buildAll(ExecutableModelProject.class);
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            errors.forEach(error -> System.err.println(error));
            System.exit(1);
        }

        List<String> models = new ArrayList<>();
        byte[] jar = ((InternalKieModule) builder.getKieModule()).getBytes();
        try (ZipInputStream entries = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                String name = entry.getName();
                if (name.endsWith(".class")) {
                    Path target = classes.resolve(name);
                    Files.createDirectories(target.getParent());
                    Files.write(target, entries.readAllBytes());
                } else if (name.endsWith("/drools-model")) {
                    String text = new String(entries.readAllBytes(), StandardCharsets.UTF_8);
                    // class names, after a "Drools-Model-Version:" line
                    text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.contains(":"))
                            .forEach(models::add);
                }
            }
        }
        if (models.isEmpty()) {
            System.err.println("the executable model lists no model classes");
            System.exit(1);
        }
        List<String> index = new ArrayList<>();
        index.add(files.version());
        index.add(files.checksum());
        index.addAll(models);
        Path indexFile = classes.resolve(INDEX);
        Files.createDirectories(indexFile.getParent());
        Files.write(indexFile, index, StandardCharsets.UTF_8);
        System.out.println("executable model of " + rulesDir + " (" + files.version() + "): " + models);
    }
}
