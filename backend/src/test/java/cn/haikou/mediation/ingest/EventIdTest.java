package cn.haikou.mediation.ingest;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written id check is the documented pattern, character for character. */
class EventIdTest {

    private static final Pattern DOCUMENTED = Pattern.compile("[A-Za-z0-9._:@/+#-]{1,64}");

    @Test
    void examples() {
        assertTrue(EventParser.isId("12345-2026-000001"));
        assertTrue(EventParser.isId("a".repeat(64)));
        assertTrue(EventParser.isId("src:case/7#2@x+y_z.k"));
        assertFalse(EventParser.isId(""));
        assertFalse(EventParser.isId("a".repeat(65)));
        assertFalse(EventParser.isId("a b"));
        assertFalse(EventParser.isId("案件1"));
        assertFalse(EventParser.isId("x';DROP"));
    }

    @Test
    void agreesWithThePatternOnRandomStrings() {
        String alphabet = "aZ09._:@/+#-_ ;'\"\\\t\n案é%$!*()[]{}~`";
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(70);
            for (int k = 0; k < length; k++) {
                sb.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : (char) ('a' + random.nextInt(26)));
            }
            String s = sb.toString();
            assertEquals(DOCUMENTED.matcher(s).matches(), EventParser.isId(s), s);
        }
    }
}
