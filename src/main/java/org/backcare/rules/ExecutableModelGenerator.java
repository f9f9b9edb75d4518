package org.backcare.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

        List<String> problems = new ArrayList<>();
        Optional<RuleCompiler.CompiledModel> model = RuleCompiler.compileModel(files, problems);
        if (model.isEmpty()) {
            problems.forEach(System.err::println);
            System.exit(1);
        }
        for (Map.Entry<String, byte[]> compiled : model.get().classes().entrySet()) {
            Path target = classes.resolve(compiled.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, compiled.getValue());
        }
        List<String> models = model.get().models();
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
