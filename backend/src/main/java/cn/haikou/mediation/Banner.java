package cn.haikou.mediation;

import cn.haikou.mediation.bootstrap.MediationServer;
import cn.haikou.mediation.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What an operator needs once the server is up: where it is and which demo credentials work. */
final class Banner {

    private static final Logger LOG = LoggerFactory.getLogger(Banner.class);

    private Banner() {
    }

    static void print(MediationServer server, AppConfig config) {
        String url = server.url();
        StringBuilder sb = new StringBuilder("\n")
                .append("  海口市12345人民调解联动指挥中心 is running\n")
                .append("  URL:     ").append(url).append("/\n")
                .append("  health:  ").append(url).append("/health   metrics: ").append(url).append("/metrics\n");
        config.security().tokens().stream().filter(t -> "display".equals(t.role())).findFirst().ifPresent(t ->
                sb.append("  wall:    ").append(url).append("/wall?token=").append(t.token()).append('\n'));
        config.ingest().apiKeys().stream().findFirst().ifPresent(k ->
                sb.append("  ingest:  Authorization: Bearer ").append(k.key()).append("   (source ").append(k.source()).append(")\n"));
        sb.append("  storage: ").append(server.clickHouse().transport())
                .append(config.clickhouse().embedded() ? " at " + config.clickhouse().dataPath().toAbsolutePath().normalize() : " at " + config.clickhouse().url())
                .append(", schema v").append(server.schemaVersion());
        LOG.info("{}", sb);
    }
}
