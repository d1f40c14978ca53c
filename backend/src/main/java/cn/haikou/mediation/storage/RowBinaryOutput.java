package cn.haikou.mediation.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes values in ClickHouse's {@code RowBinary} format: no names, no escaping, no text to parse
 * on either side, which is why the event write path uses it. Buffered; call {@link #flush()} at
 * the end. The column order is the insert's explicit column list.
 */
public final class RowBinaryOutput {

    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private int size;

    public RowBinaryOutput(OutputStream out) {
        this.out = out;
    }

    /** String and LowCardinality(String): the UTF-8 length as a LEB128 varint, then the bytes. */
    public void string(String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        uvarint(bytes.length);
        bytes(bytes);
    }

    public void uint8(int value) throws IOException {
        ensure(1);
        buffer[size++] = (byte) value;
    }

    public void uint32(long value) throws IOException {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
    }

    /** Int64, DateTime64(3) (milliseconds since the epoch) and Decimal(18, s) (the scaled integer). */
    public void int64(long value) throws IOException {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
    }

    public void uvarint(long value) throws IOException {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
    }

    public void flush() throws IOException {
        if (size > 0) {
            out.write(buffer, 0, size);
            size = 0;
        }
    }

    private void bytes(byte[] bytes) throws IOException {
        if (bytes.length > buffer.length - size) {
            flush();
            if (bytes.length > buffer.length) {
                out.write(bytes);
                return;
            }
        }
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    private void ensure(int n) throws IOException {
        if (buffer.length - size < n) {
            flush();
        }
    }
}
