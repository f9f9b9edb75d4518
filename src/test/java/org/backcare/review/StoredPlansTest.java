package org.backcare.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import org.backcare.Fixtures;
import org.backcare.generate.ProfileGenerator;
import org.backcare.plan.Plan;
import org.backcare.plan.PlanWriter;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.junit.jupiter.api.Test;

class StoredPlansTest {
    @Test
    void aStoredPlanReadsBackAsThePlanThatWasStoredWithItsHash() throws Exception {
        ProfileGenerator generator = new ProfileGenerator(5);
        List<Profile> profiles = new ArrayList<>();
        for (Path example : Fixtures.exampleProfiles()) profiles.add(new ProfileReader().read(example));
        for (int i = 0; i < 500; i++) profiles.add(generator.profile(i));
        {
            profiles.forEach(profile -> {
                Plan plan = Fixtures.planner().plan(profile);
                StoredPlans.Stored stored = StoredPlans.store(plan);
                byte[] json = StoredPlans.json(stored.gzip());

                assertThat(json).isEqualTo(new PlanWriter().toJsonLineBytes(plan));
                assertThat(StoredPlans.sha256(json)).isEqualTo(stored.sha256());
                assertThat(StoredPlans.plan(json)).isEqualTo(plan);
            });
        }
    }
}
