package cn.haikou.mediation.storage.embedded;

import java.io.OutputStream;

/** Buffers insert bytes and hands them to chDB in large appends. */
final class AppendingOutputStream extends OutputStream {

    private final ChdbInsertWriter.Sink sink;
    private final byte[] buffer;
    private int size;

    AppendingOutputStream(ChdbInsertWriter.Sink sink, int capacity) {
        this.sink = sink;
        this.buffer = new byte[capacity];
    }

    @Override
    public void write(int b) {
        if (size == buffer.length) {
            flush();
        }
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (size == buffer.length) {
                flush();
            }
            int n = Math.min(len, buffer.length - size);
            System.arraycopy(b, off, buffer, size, n);
            size += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() {
        if (size > 0) {
            sink.append(buffer, size);
            size = 0;
        }
    }

    @Override
    public void close() {
        flush();
    }
}
