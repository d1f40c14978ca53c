package cn.haikou.mediation.importer;

import cn.haikou.mediation.domain.Pack;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pack's csvImport section applied to single cells (no engine needed). */
@DisplayName("csvImport mapping")
class ImportMappingTest {

    private static final ImportMapping NYC = ImportMapping.of(Pack.load("nyc311")).orElseThrow();
    private static final ImportMapping HAIKOU = ImportMapping.of(Pack.load("haikou")).orElseThrow();

    @Test
    @DisplayName("reads wall-clock times in the mapping's zone, across daylight-saving changes")
    void times() {
        assertThat(NYC.time("03/01/2011 02:27:57 PM")).isEqualTo(OffsetDateTime.parse("2011-03-01T14:27:57-05:00"));
        // 02:30 did not exist on 13 March 2011 in New York: the clock read 03:30 EDT.
        assertThat(NYC.time("03/13/2011 02:30:00 AM")).isEqualTo(OffsetDateTime.parse("2011-03-13T03:30:00-04:00"));
        // 01:30 happened twice on 6 November 2011: the first (EDT) is taken.
        assertThat(NYC.time("11/06/2011 01:30:00 am")).isEqualTo(OffsetDateTime.parse("2011-11-06T01:30:00-04:00"));
        assertThat(HAIKOU.time("2024-03-01 09:15:00")).isEqualTo(OffsetDateTime.parse("2024-03-01T09:15:00+08:00"));
        assertThatThrownBy(() -> HAIKOU.time("2024-02-30 09:15:00")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> HAIKOU.time("01/03/2024")).isInstanceOf(DateTimeException.class);
    }

    @Test
    @DisplayName("maps values, then display names, then passes codes through; empty cells take the default")
    void values() {
        assertThat(HAIKOU.value("district", " 秀英区 ")).isEqualTo("460105");
        assertThat(HAIKOU.value("district", "460106")).isEqualTo("460106");
        assertThat(HAIKOU.value("district", "三亚区")).isEqualTo("三亚区");
        assertThat(HAIKOU.value("caseType", "劳动争议(含欠薪)")).isEqualTo("labour");
        assertThat(HAIKOU.value("channel", "12345热线")).isEqualTo("phone");
        assertThat(HAIKOU.value("channel", "")).isEqualTo("phone");
        assertThat(HAIKOU.value("summary", "")).isNull();
        assertThat(HAIKOU.value("summary", "一\r\n二\r三")).isEqualTo("一\n二\n三");
        assertThat(NYC.value("channel", "  ")).isEqualTo("UNKNOWN");
        assertThat(NYC.value("district", "Unspecified")).isEqualTo("Unspecified");
    }

    @Test
    @DisplayName("refuses a pack whose mapping names a field the importer does not know")
    void refusesUnknownField(@TempDir Path dir) throws Exception {
        String haikou;
        try (InputStream in = Pack.class.getResourceAsStream("/packs/haikou.yaml")) {
            haikou = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path pack = dir.resolve("typo.yaml");
        Files.writeString(pack, haikou.replace("    caseId: 工单编号", "    caseId: 工单编号\n    caseTypo: 类型"));
        assertThatThrownBy(() -> ImportMapping.of(Pack.load(pack.toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("caseTypo");
    }
}
