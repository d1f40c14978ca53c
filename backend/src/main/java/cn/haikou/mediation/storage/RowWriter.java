package cn.haikou.mediation.storage;

import java.io.IOException;
import java.io.OutputStream;

/** Writes the rows of one streaming insert; the transport decides how the bytes travel. */
@FunctionalInterface
public interface RowWriter {
    void write(OutputStream out) throws IOException;
}
