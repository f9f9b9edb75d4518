package org.backcare.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.backcare.Planner;
import org.backcare.generate.ProfileGenerator;
import org.backcare.plan.Plan;
import org.backcare.plan.PlanWriter;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.profile.ProfileWriter;
import org.backcare.rules.engine.RuleEngine;
import org.backcare.rules.facts.Conclusions;
import org.backcare.schedule.WeekScheduler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of each stage of one plan, in microseconds per operation, with JMH's forks, warm-up and error bars: parse
 * a profile's JSON, run the rules, schedule the week, the whole plan (rules, ranking and week), serialise the plan,
 * and the three together. Each operation takes the next of {@code profiles} generated profiles, so that the engine
 * sees the variety a batch does. Run with {@code bench/jmh}; the whole-pipeline rates stay with {@code bench/run}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlanStagesBenchmark {
    @Param("2000")
    int profiles;

    private final ProfileReader reader = new ProfileReader();
    private final PlanWriter writer = new PlanWriter();
    private Planner planner;
    private WeekScheduler scheduler;
    private byte[][] json;
    private Profile[] parsed;
    private Conclusions[] conclusions;
    private Plan[] plans;
    private int next;

    @Setup
    public void setUp() throws Exception {
        planner = Planner.builtIn();
        scheduler = new WeekScheduler(RuleEngine.of(planner.rules()).catalogue());
        ProfileGenerator generator = new ProfileGenerator(11);
        ProfileWriter profileWriter = new ProfileWriter();
        json = new byte[profiles][];
        parsed = new Profile[profiles];
        conclusions = new Conclusions[profiles];
        plans = new Plan[profiles];
        for (int i = 0; i < profiles; i++) {
            json[i] = profileWriter.toJsonLine(generator.profile(i)).getBytes(StandardCharsets.UTF_8);
            parsed[i] = reader.parse("generated", json[i], ProfileReader.Format.JSON);
            conclusions[i] = RuleEngine.of(planner.rules()).evaluate(parsed[i]);
            plans[i] = planner.plan(parsed[i]);
        }
    }

    private int next() {
        int i = next;
        next = i + 1 == profiles ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public Profile parse() throws Exception {
        return reader.parse("generated", json[next()], ProfileReader.Format.JSON);
    }

    @Benchmark
    public Conclusions rules() {
        return RuleEngine.of(planner.rules()).evaluate(parsed[next()]);
    }

    @Benchmark
    public Object schedule() {
        int i = next();
        return scheduler.schedule(parsed[i], conclusions[i]);
    }

    @Benchmark
    public Plan plan() {
        return planner.plan(parsed[next()]);
    }

    @Benchmark
    public byte[] serialise() {
        return writer.toJsonLineBytes(plans[next()]);
    }

    @Benchmark
    public byte[] parsePlanSerialise() throws Exception {
        return writer.toJsonLineBytes(planner.plan(reader.parse("generated", json[next()], ProfileReader.Format.JSON)));
    }
}
