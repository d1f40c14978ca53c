package cn.haikou.mediation.simulator;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Short Chinese case summaries, as a 12345 operator would type them, keyed by the Haikou pack's
 * case type codes. A type without templates (another city's pack) gets a generic sentence built from
 * its display name. Placeholders: {n} parties, {amount} the amount involved, {road} a road.
 */
final class Summaries {

    private static final Map<String, String[]> TEMPLATES = Map.ofEntries(
            Map.entry("marriage_family", new String[]{
                    "夫妻因离婚财产分割发生争执，请求调解", "子女对老人赡养费分担有分歧，请求调解",
                    "婚后家庭矛盾激化，一方要求调解", "兄弟姐妹因老宅继承发生争议"}),
            Map.entry("neighbour", new String[]{
                    "邻居装修噪音扰民，多次协商未果", "楼上住户漏水致楼下天花板受损，要求赔偿",
                    "邻里因公共通道堆放杂物发生争执", "相邻两户因排水问题引发矛盾", "邻居饲养犬只夜间吠叫扰民"}),
            Map.entry("housing", new String[]{
                    "宅基地界址不清，两户发生争议", "房屋租赁到期押金不退，租客请求调解", "自建房遮挡采光引发纠纷"}),
            Map.entry("contract", new String[]{
                    "装修合同工程款结算争议，涉及{amount}", "买卖合同货款拖欠，涉及{amount}", "民间借贷到期未还，涉及{amount}"}),
            Map.entry("business", new String[]{
                    "个体商户与供货商货款结算纠纷，涉及{amount}", "合伙经营利润分配争议", "商铺转让费用纠纷"}),
            Map.entry("damages", new String[]{
                    "宠物犬咬伤路人，双方就赔偿协商不成", "高空坠物砸坏车辆，车主要求赔偿", "施工损坏相邻房屋，业主要求赔偿"}),
            Map.entry("land_forest", new String[]{
                    "村民小组之间山林地界争议", "承包地边界争议，双方各执一词", "槟榔园地界纠纷"}),
            Map.entry("land_acquisition", new String[]{
                    "{n}户村民反映征地补偿款分配不公", "房屋拆迁安置补偿标准争议，涉及{amount}", "青苗补偿款发放争议"}),
            Map.entry("pollution", new String[]{
                    "餐馆油烟噪音影响周边居民", "养殖场污水排放影响农田", "工地夜间施工噪音扰民"}),
            Map.entry("labour", new String[]{
                    "{n}名务工人员反映被拖欠工资{amount}", "员工被辞退，要求支付经济补偿{amount}",
                    "工伤赔偿争议，涉及{amount}", "{n}名工人反映工程完工后工资未结清，涉及{amount}"}),
            Map.entry("medical", new String[]{
                    "患者家属对手术结果有异议，要求赔偿", "医疗费用结算纠纷", "患者对诊疗过程不满，要求医院赔偿"}),
            Map.entry("traffic", new String[]{
                    "{road}两车追尾，双方就赔偿金额存在争议", "电动车与行人碰撞致伤，赔偿协商不成",
                    "{road}路口车辆剐蹭，双方对责任认定有分歧"}),
            Map.entry("property_mgmt", new String[]{
                    "业主对物业费上涨有异议", "小区电梯长期故障，业主与物业公司发生纠纷",
                    "{n}户业主反映物业服务不到位，拒交物业费", "小区停车位收费纠纷"}),
            Map.entry("consumer", new String[]{
                    "购买的商品存在质量问题，商家拒绝退换", "预付卡商家停业，消费者要求退款{amount}",
                    "网购家电送货后无法使用，要求退货"}),
            Map.entry("tourism", new String[]{
                    "游客反映在景区被强制购物，要求退款{amount}", "游客与酒店因退订费用发生争议",
                    "游客反映海鲜排档短斤少两，要求退还差价", "旅行团擅自变更行程，游客要求赔偿", "游客租车押金未退还"}),
            Map.entry("other", new String[]{"其他民间纠纷，当事人请求调解"}));

    private static final String[] ROADS = {"滨海大道", "龙昆南路", "海秀中路", "国兴大道", "南海大道", "海府路", "白龙南路", "椰海大道"};

    private Summaries() {
    }

    static String summary(SplittableRandom r, String typeCode, String typeName, int parties, long amountFen) {
        String[] templates = TEMPLATES.get(typeCode);
        if (templates == null) {
            return typeName + "纠纷，当事人请求调解";
        }
        String text = Chance.pick(r, templates);
        if (text.contains("{road}")) {
            text = text.replace("{road}", Chance.pick(r, ROADS));
        }
        if (text.contains("{n}")) {
            text = text.replace("{n}", Integer.toString(parties));
        }
        if (text.contains("{amount}")) {
            text = text.replace("{amount}", amountFen > 0 ? yuan(amountFen) : "若干金额");
        }
        return text;
    }

    /** 约75万元 for large amounts, 3200元 for small ones. */
    static String yuan(long fen) {
        long yuan = fen / 100;
        if (yuan >= 10_000) {
            double wan = yuan / 10_000.0;
            return "约" + (wan >= 100 ? Long.toString(Math.round(wan)) : String.valueOf(Math.round(wan * 10) / 10.0).replace(".0", "")) + "万元";
        }
        return yuan + "元";
    }
}
