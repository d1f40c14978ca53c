package cn.haikou.mediation.simulator;

import cn.haikou.mediation.domain.Caller;

import java.util.SplittableRandom;

/**
 * Invented people: callers with a name, a mobile number and an address (so that the wall's masking
 * has something real-looking to mask), and pseudonymous mediators. Names are a common surname
 * (Hainan's 符, 邢, 云 and 吉 among them) and a common given name; nobody real is described.
 */
final class People {

    private static final String[] SURNAMES = {
            "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林",
            "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "蔡", "符", "邢",
            "云", "吉", "羊", "麦", "钟", "潘"};
    /** Hainan surnames are over-represented, as they are in Haikou. */
    private static final String[] LOCAL_SURNAMES = {"符", "王", "陈", "吴", "林", "李", "黄", "邢", "冯", "云"};
    private static final String[] GIVEN = {
            "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "华",
            "慧", "文", "斌", "俊", "峰", "鹏", "婷", "雪", "琳", "颖", "宇", "浩", "秀英", "建国", "海燕", "志强",
            "小红", "玉兰", "桂英", "秀兰", "春梅", "国强", "德明", "海生", "亚妹", "亚明", "亚花", "少华", "丽娟",
            "晓东", "振华", "永康", "美玲", "清泉", "家豪", "思琪", "子涵", "海波", "光辉", "秋菊", "文静", "诗雨"};
    private static final String[] MOBILE_PREFIXES = {
            "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156",
            "157", "158", "159", "166", "177", "180", "181", "182", "185", "186", "187", "188", "189", "198", "199"};
    private static final String[] ROADS = {
            "人民大道", "和平路", "解放路", "建设路", "中山路", "新华路", "文明路", "滨江路", "海景路", "椰林路", "南海大道",
            "金盘路", "朝阳路", "青年路", "胜利路", "振兴路", "育才路", "长堤路", "龙华路", "丘海大道", "椰海大道", "海府路"};
    private static final String[] VILLAGES = {
            "东昌", "南洋", "新村", "北山", "福安", "龙泉", "美德", "儒万", "道美", "永庄", "昌文", "博抚", "群山", "高山"};

    private People() {
    }

    static String name(SplittableRandom r) {
        String surname = Chance.chance(r, 0.4) ? Chance.pick(r, LOCAL_SURNAMES) : Chance.pick(r, SURNAMES);
        return surname + Chance.pick(r, GIVEN);
    }

    /** An 11-digit mainland mobile number, e.g. 13876543210. */
    static String mobile(SplittableRandom r) {
        StringBuilder sb = new StringBuilder(11).append(Chance.pick(r, MOBILE_PREFIXES));
        for (int i = 0; i < 8; i++) {
            sb.append((char) ('0' + r.nextInt(10)));
        }
        return sb.toString();
    }

    /** A street address in a town (镇: a village house) or a street (街道: a flat in a building). */
    static String address(SplittableRandom r, String districtName, String town) {
        StringBuilder sb = new StringBuilder(districtName).append(town);
        if (town.endsWith("镇")) {
            sb.append(Chance.pick(r, VILLAGES)).append("村").append(1 + r.nextInt(180)).append("号");
        } else {
            sb.append(Chance.pick(r, ROADS)).append(1 + r.nextInt(300)).append("号")
                    .append(1 + r.nextInt(12)).append("栋").append(1 + r.nextInt(25)).append('0').append(1 + r.nextInt(6));
        }
        return sb.toString();
    }

    static Caller caller(SplittableRandom r, String districtName, String town) {
        return new Caller(name(r), mobile(r), address(r, districtName, town));
    }

    /**
     * The {@code index}-th mediator of a committee's pool. A town committee's pool belongs to its
     * town; a specialised committee's pool serves the whole city. The same seed always names the
     * same people, so workloads per mediator add up across restarts.
     */
    static String mediator(long seed, String committee, String poolKey, int index) {
        return name(Chance.random(seed, Chance.hash("mediator"), Chance.hash(committee), Chance.hash(poolKey), index));
    }

    /** A pool's size, stable per pool: 3-6 people on a town committee, 6-12 on a specialised one. */
    static int poolSize(long seed, String committee, String poolKey, boolean town) {
        SplittableRandom r = Chance.random(seed, Chance.hash("pool"), Chance.hash(committee), Chance.hash(poolKey));
        return town ? 3 + r.nextInt(4) : 6 + r.nextInt(7);
    }
}
