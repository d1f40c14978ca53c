package cn.haikou.mediation.importer;

/**
 * An import that stopped before the end of its file: the file as a whole is unreadable (not CSV, a
 * required column missing, not in the declared encoding) or storage refused the events. Rows already
 * reported stored stay stored; importing the file again finishes the job without duplicates.
 */
public final class ImportFailedException extends Exception {

    public ImportFailedException(String message) {
        super(message, null, false, false);
    }

    public ImportFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
