package org.backcare.review;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.core.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.backcare.plan.Plan;
import org.backcare.plan.PlanWriter;
import org.backcare.profile.RedFlag;
import org.backcare.profile.RiskFactor;
import org.backcare.profile.WarningSign;
import org.backcare.profile.WireName;

/**
 * Plans as the workspace keeps them: their JSON on one line (as {@code batch --format jsonl} writes it), compressed
 * with gzip (a plan's 16 KB become about 1.3 KB), with the SHA-256 of the JSON to show it is the plan that was
 * signed; and read back into a {@link Plan}, so that two versions can be compared as {@code diff} compares them.
 *
 * <p>Thread-safe: the writer and the reader are immutable and shared.
 */
final class StoredPlans {
    private static final PlanWriter WRITER = new PlanWriter();
    private static final ObjectReader READER = JsonMapper.builder()
            .addModule(new SimpleModule("backcare-wire-names-in") {
                private static final long serialVersionUID = 1L;

                @Override
                public void setupModule(SetupContext context) {
                    super.setupModule(context);
                    context.addDeserializers(new WireNames());
                }
            })
            // what a plan derives from its other fields (a week's total minutes) is written, and derived again on reading
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a list a plan leaves out when empty is read as empty
            .withConfigOverride(java.util.List.class,
                    o -> o.setSetterInfo(com.fasterxml.jackson.annotation.JsonSetter.Value.forValueNulls(
                            com.fasterxml.jackson.annotation.Nulls.AS_EMPTY)))
            .build().readerFor(Plan.class);

    private StoredPlans() {
    }

    /** A plan ready to be stored: its JSON, compressed, and the hash of the JSON. */
    record Stored(byte[] gzip, String sha256) {
    }

    static Stored store(Plan plan) {
        byte[] json = WRITER.toJsonLineBytes(plan);
        return new Stored(gzip(json), sha256(json));
    }

    /** The JSON of a stored plan. */
    static byte[] json(byte[] gzip) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("a stored plan is not gzip: " + e.getMessage(), e);
        }
    }

    /** The plan a stored plan's JSON says. */
    static Plan plan(byte[] json) {
        try {
            return READER.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored plan cannot be read: " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 8);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Enum values by their wire names ({@code 24-hours}), as plans write them. */
    private static final class WireNames extends Deserializers.Base {
        @Override
        public JsonDeserializer<?> findEnumDeserializer(Class<?> type, DeserializationConfig config,
                BeanDescription description) {
            return new ByWireName(type);
        }

        @Override
        public JsonDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config,
                BeanDescription description) {
            return type.hasRawClass(WarningSign.class) ? new Signs() : null;
        }
    }

    /** A finding's flag: a red flag the person reports, or a risk factor the rules read (their names differ). */
    private static final class Signs extends StdScalarDeserializer<WarningSign> {
        private static final long serialVersionUID = 1L;

        Signs() {
            super(WarningSign.class);
        }

        @Override
        public WarningSign deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String name = parser.getValueAsString();
            java.util.Optional<? extends WarningSign> sign = WireName.parse(RedFlag.class, name);
            if (sign.isEmpty()) sign = WireName.parse(RiskFactor.class, name);
            if (sign.isEmpty()) throw context.weirdStringException(name, WarningSign.class, "expected a red flag or a risk factor");
            return sign.get();
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class ByWireName extends StdScalarDeserializer<Enum> {
        private static final long serialVersionUID = 1L;
        private final Class type;

        ByWireName(Class<?> type) {
            super(type);
            this.type = type;
        }

        @Override
        public Enum deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String name = parser.getValueAsString();
            java.util.Optional<Enum> value = WireName.parse(type, name);
            if (value.isEmpty()) {
                throw context.weirdStringException(name, type, "expected one of " + WireName.list(type));
            }
            return value.get();
        }
    }
}
