package cn.haikou.mediation.storage.embedded;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points the process's standard input at {@code /dev/null} before the engine starts. The engine is
 * clickhouse-local inside: when stdin is not a terminal and holds bytes, it takes them as the data
 * of the next INSERT, and an INSERT that carries its own rows then fails ("both inlined and
 * external data", code 48). A server started with anything on stdin (a pipe from a supervisor,
 * {@code yes | java -jar ...}, the test runner's command channel) failed to start that way. The
 * server never reads stdin itself.
 */
final class StandardInput {

    private static final Logger LOG = LoggerFactory.getLogger(StandardInput.class);
    private static final int O_RDONLY = 0;

    private interface LibC extends Library {
        int open(String path, int flags);

        int dup2(int oldFd, int newFd);

        int close(int fd);
    }

    private StandardInput() {
    }

    static void detach() {
        try {
            LibC c = Native.load("c", LibC.class);
            int devNull = c.open("/dev/null", O_RDONLY);
            if (devNull < 0) {
                LOG.warn("cannot open /dev/null; the engine may read this process's standard input");
                return;
            }
            if (devNull != 0) {
                if (c.dup2(devNull, 0) < 0) {
                    LOG.warn("cannot redirect standard input; the engine may read it");
                }
                c.close(devNull);
            }
        } catch (UnsatisfiedLinkError e) {
            LOG.warn("no C library to redirect standard input ({}); the engine may read it", e.getMessage());
        }
    }
}
