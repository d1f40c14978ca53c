package cn.haikou.mediation.storage;

/** Input formats the transports accept for streaming inserts (names as ClickHouse spells them). */
public enum InsertFormat {
    JSON_EACH_ROW("JSONEachRow"),
    ROW_BINARY("RowBinary");

    private final String clickHouseName;

    InsertFormat(String clickHouseName) {
        this.clickHouseName = clickHouseName;
    }

    public String clickHouseName() {
        return clickHouseName;
    }
}
