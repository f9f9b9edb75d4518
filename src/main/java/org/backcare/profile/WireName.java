package org.backcare.profile;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The kebab-case names that enum values have in profiles and plans ({@code SAME_SIDE} is {@code same-side}).
 * <p>Stateless and thread-safe: static methods only.
 */
public final class WireName {
    private WireName() {
    }

    /** The wire names of each enum type, computed once: index by ordinal, or look up by name. */
    private static final ClassValue<Names> NAMES = new ClassValue<>() {
        @Override
        protected Names computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            String[] names = new String[constants.length];
            Map<String, Object> byName = new HashMap<>();
            for (int i = 0; i < constants.length; i++) {
                names[i] = constants[i] instanceof Spelled spelled ? spelled.wireName()
                        : ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT).replace('_', '-');
                byName.put(names[i], constants[i]);
            }
            String list = String.join(", ", names);
            return new Names(names, Map.copyOf(byName), list);
        }
    };

    /** An enum whose wire names are not its constants' names in kebab case ({@code 24-hours}). */
    public interface Spelled {
        /** The name this value has in profiles and plans. */
        String wireName();
    }

    private record Names(String[] byOrdinal, Map<String, Object> byName, String list) {
    }

    /** The wire name of an enum value: lower case, words joined by hyphens. */
    public static String of(Enum<?> value) {
        return NAMES.get(value.getDeclaringClass()).byOrdinal()[value.ordinal()];
    }

    /** The value of {@code type} whose wire name is {@code name}, if any. */
    public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String name) {
        return Optional.ofNullable(type.cast(NAMES.get(type).byName().get(name)));
    }

    /** A Jackson module that writes every enum value by its wire name. */
    public static Module jacksonModule() {
        SimpleModule module = new SimpleModule("backcare-wire-names");
        module.addSerializer(Enum.class, new Serializer());
        return module;
    }

    @SuppressWarnings("rawtypes")
    private static final class Serializer extends StdSerializer<Enum> {
        private static final long serialVersionUID = 1L;

        Serializer() {
            super(Enum.class);
        }

        @Override
        public void serialize(Enum value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(of(value));
        }
    }

    /** All wire names of {@code type}, comma separated, in declaration order. */
    public static String list(Class<? extends Enum<?>> type) {
        return NAMES.get(type).list();
    }
}
