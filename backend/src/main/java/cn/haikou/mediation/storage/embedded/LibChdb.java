package cn.haikou.mediation.storage.embedded;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The part of chDB's C API (chdb.h, 26.7.3) that the embedded transport uses, bound through JNA.
 *
 * <p>Strings cross as byte arrays with explicit lengths so that UTF-8 text (Chinese, emoji) and
 * embedded NULs are passed through exactly. Pointers named {@code conn} are the value stored in a
 * {@code chdb_connection*}; {@code connHolder} is the {@code chdb_connection*} itself.
 */
interface LibChdb extends Library {

    /** Must be called with 0 before the first connect, or the JVM's SIGSEGV handler is replaced. */
    void chdb_set_signal_handlers_enabled(int enabled);

    Pointer chdb_connect(int argc, String[] argv);

    void chdb_close_conn(Pointer connHolder);

    Pointer chdb_query_n(Pointer conn, byte[] query, long queryLength, byte[] format, long formatLength);

    Pointer chdb_query_with_params_n(Pointer conn, byte[] query, long queryLength, byte[] format, long formatLength,
                                     Pointer names, Pointer nameLengths, Pointer values, Pointer valueLengths,
                                     long count);

    Pointer chdb_result_buffer(Pointer result);

    long chdb_result_length(Pointer result);

    String chdb_result_error(Pointer result);

    long chdb_result_rows_read(Pointer result);

    double chdb_result_elapsed(Pointer result);

    void chdb_destroy_query_result(Pointer result);

    Pointer chdb_stream_insert_n(Pointer conn, byte[] query, long queryLength, byte[] format, long formatLength);

    int chdb_stream_append(Pointer stream, byte[] data, long length);

    Pointer chdb_stream_done(Pointer stream);

    String chdb_stream_insert_error(Pointer stream);

    void chdb_destroy_insert_stream(Pointer stream);

    Pointer chdb_stream_query_with_params_n(Pointer conn, byte[] query, long queryLength, byte[] format, long formatLength,
                                            Pointer names, Pointer nameLengths, Pointer values, Pointer valueLengths,
                                            long count);

    Pointer chdb_stream_fetch_result(Pointer conn, Pointer stream);

    void chdb_stream_cancel_query(Pointer conn, Pointer stream);

    String chdb_version();
}
