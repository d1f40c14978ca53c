package cn.haikou.mediation.storage.embedded;

import java.io.IOException;

/** Produces the bytes of one streaming insert through a sink that appends them to chDB. */
@FunctionalInterface
interface ChdbInsertWriter {

    void writeTo(Sink sink) throws IOException;

    @FunctionalInterface
    interface Sink {
        void append(byte[] data, int length);
    }
}
