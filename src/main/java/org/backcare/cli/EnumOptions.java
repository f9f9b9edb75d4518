package org.backcare.cli;

import java.util.Locale;
import org.backcare.profile.WireName;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Options whose type is an enum ({@code --format json}, {@code --emit plandefinition}) read as its wire names, as
 * profiles and plans write them (in any case), and a wrong value named with the values allowed: "Invalid value for
 * option '--format': expected one of json, jsonl, got xml". Lists or arrays of enums, and enum parameters, would need
 * the same; the commands have none. Stateless.
 */
final class EnumOptions {
    private EnumOptions() {
    }

    /** Registers the reading of the enum types of the options of {@code cli} and its subcommands (added before this). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void register(CommandLine cli) {
        for (OptionSpec option : cli.getCommandSpec().options()) {
            if (option.type().isEnum()) register(cli, (Class) option.type());
        }
        for (CommandLine subcommand : cli.getSubcommands().values()) register(subcommand);
    }

    private static <E extends Enum<E>> void register(CommandLine cli, Class<E> type) {
        cli.registerConverter(type, value -> WireName.parse(type, value.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                new CommandLine.TypeConversionException("expected one of " + WireName.list(type) + ", got " + value)));
    }
}
