package cn.haikou.mediation.simulator;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.config.ConfigLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The simulator's settings")
class SimulatorSettingsTest {

    @Test
    @DisplayName("the shipped configuration runs the simulator against the server's own port on loopback")
    void defaults() {
        SimulatorSettings s = SimulatorSettings.from(ConfigLoader.withOverrides(new ObjectMapper().createObjectNode()), 8080);
        assertThat(s.casesPerHour()).isEqualTo(240);
        assertThat(s.acceleration()).isEqualTo(1.0);
        assertThat(s.backfillDays()).isEqualTo(90);
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.historyCasesPerHour() * 24).isEqualTo(SimulatorSettings.BACKFILL_CASES_PER_DAY);
    }

    @Test
    @DisplayName("a simulator key that ingest does not accept fails at start-up, not at the first post")
    void unknownKeyFailsEarly() {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.putObject("ingest").putArray("apiKeys").addObject().put("source", "hotline").put("key", "hotline-key-0123456789");
        AppConfig config = ConfigLoader.withOverrides(o);
        assertThatThrownBy(() -> SimulatorSettings.from(config, 8080)).hasMessageContaining("simulator.apiKey");
    }

    @Test
    @DisplayName("a slow demo never backfills faster than it runs live")
    void historyNeverFasterThanLive() {
        SimulatorSettings s = new SimulatorSettings(1, 2, 1, 90, 200, "k", "127.0.0.1", 1, 10, 10);
        assertThat(s.historyCasesPerHour()).isEqualTo(2);
        assertThatThrownBy(() -> new SimulatorSettings(1, 0, 1, 90, 200, "k", "h", 1, 10, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
