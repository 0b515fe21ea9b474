//! Names and ethnicities: common Han surnames (a few two-character ones such as 欧阳, 司马) with
//! one or two given-name characters; a small share of minority holders, some with the middle-dot
//! names of Xinjiang (买买提·艾力) or Tibetan names; Latin names for foreign holders.

use reviewdesk_domain::id::Sex;

use crate::random::Draws;

/// The separator of multi-part minority names (U+00B7), the only dot a name may contain.
const MIDDLE_DOT: char = '\u{00B7}';

/// Common single-character surnames, roughly in order of frequency.
const SURNAMES: [&str; 100] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
    "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
    "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴",
    "莫", "孔", "向", "汤",
];

/// Two-character surnames; rare, so drawn with a small probability.
const COMPOUND_SURNAMES: [&str; 8] =
    ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容"];

const GIVEN_MALE: [&str; 48] = [
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "鹏", "浩", "宇", "俊", "博", "文",
    "斌", "辉", "刚", "健", "峰", "建", "志", "国", "华", "平", "亮", "晨", "凯", "翔", "鑫", "昊",
    "然", "轩", "睿", "哲", "子", "毅", "成", "林", "航", "铭", "宏", "海", "波", "东", "旭", "兵",
];

const GIVEN_FEMALE: [&str; 48] = [
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "婷", "雪", "琳", "欣", "怡", "晶",
    "颖", "倩", "佳", "悦", "梦", "雨", "萱", "涵", "瑶", "蕾", "薇", "丹", "燕", "红", "慧", "珊",
    "洁", "月", "嘉", "思", "诗", "彤", "琪", "晓", "云", "萍", "莉", "兰", "青", "春", "宁", "露",
];

/// Ethnic groups whose members mostly carry Han-style names, with rough relative sizes.
const HAN_STYLE_MINORITIES: [(&str, u32); 16] = [
    ("壮族", 19),
    ("回族", 11),
    ("满族", 10),
    ("苗族", 11),
    ("彝族", 10),
    ("土家族", 9),
    ("蒙古族", 6),
    ("侗族", 3),
    ("布依族", 4),
    ("瑶族", 3),
    ("白族", 2),
    ("朝鲜族", 2),
    ("哈尼族", 2),
    ("黎族", 2),
    ("傣族", 1),
    ("畲族", 1),
];

/// Given names of Xinjiang's Turkic-speaking groups, male, also used as father's names.
const UYGHUR_MALE: [&str; 12] = [
    "买买提",
    "艾力",
    "阿不都",
    "热合曼",
    "吐尔逊",
    "艾尔肯",
    "阿里木",
    "努尔",
    "依明",
    "买合木提",
    "亚森",
    "伊力哈木",
];

const UYGHUR_FEMALE: [&str; 8] =
    ["阿依古丽", "古丽", "迪丽拜尔", "帕提古丽", "热依拉", "米热古丽", "阿依努尔", "祖丽皮亚"];

const KAZAKH_MALE: [&str; 8] =
    ["努尔兰", "叶尔江", "别克", "达吾列提", "哈力木", "阿斯哈尔", "叶尔兰", "加那提"];

const KAZAKH_FEMALE: [&str; 6] = ["阿依达娜", "古丽娜尔", "阿娜尔", "沙吾列", "加依娜", "玛依拉"];

const TIBETAN_PARTS: [&str; 16] = [
    "扎西", "次仁", "多吉", "顿珠", "卓玛", "央金", "格桑", "平措", "索朗", "拉姆", "旦增", "尼玛",
    "德吉", "白玛", "达瓦", "曲珍",
];

const LATIN_SURNAMES: [&str; 16] = [
    "SMITH", "JOHNSON", "MUELLER", "MARTIN", "BROWN", "KIM", "LEE", "PARK", "SATO", "SUZUKI",
    "NGUYEN", "IVANOV", "GARCIA", "ROSSI", "TAN", "WILSON",
];

const LATIN_GIVEN_MALE: [&str; 10] = [
    "JOHN",
    "DAVID",
    "MICHAEL",
    "THOMAS",
    "MINHO",
    "HIROSHI",
    "ALEXANDER",
    "PAUL",
    "JAMES",
    "LUCAS",
];

const LATIN_GIVEN_FEMALE: [&str; 10] =
    ["MARY", "ANNA", "SARAH", "EMMA", "JIWOO", "YUKI", "OLGA", "MARIA", "LAURA", "SOPHIE"];

/// A name and, for residents, the ethnicity that goes with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PersonName {
    pub(crate) name: String,
    /// The 民族 with 族, e.g. `"汉族"`.
    pub(crate) ethnicity: &'static str,
}

/// A Han name: a surname (2 % compound) and one or two given characters, 2–3 characters in all.
pub(crate) fn han_name(draws: &mut Draws, sex: Sex) -> String {
    let given: &[&'static str] = match sex {
        Sex::Male => &GIVEN_MALE,
        Sex::Female => &GIVEN_FEMALE,
    };
    if draws.chance(0.02) {
        return format!("{}{}", draws.pick_text(&COMPOUND_SURNAMES), draws.pick_text(given));
    }
    let surname = draws.pick_text(&SURNAMES);
    if draws.chance(0.3) {
        format!("{surname}{}", draws.pick_text(given))
    } else {
        format!("{surname}{}{}", draws.pick_text(given), draws.pick_text(given))
    }
}

/// A resident's name and ethnicity: about 88 % Han, 8 % other groups with Han-style names, and
/// 4 % Uyghur, Kazakh (middle-dot names) or Tibetan names.
pub(crate) fn resident_name(draws: &mut Draws, sex: Sex) -> PersonName {
    let roll = draws.float(0.0, 1.0);
    if roll < 0.88 {
        return PersonName { name: han_name(draws, sex), ethnicity: "汉族" };
    }
    if roll < 0.96 {
        let ethnicity = draws.weighted(&HAN_STYLE_MINORITIES).copied().unwrap_or("汉族");
        return PersonName { name: han_name(draws, sex), ethnicity };
    }
    match draws.index(3) {
        0 => PersonName {
            name: dotted(draws, sex, &UYGHUR_MALE, &UYGHUR_FEMALE),
            ethnicity: "维吾尔族",
        },
        1 => PersonName {
            name: dotted(draws, sex, &KAZAKH_MALE, &KAZAKH_FEMALE),
            ethnicity: "哈萨克族",
        },
        _ => PersonName {
            name: format!("{}{}", draws.pick_text(&TIBETAN_PARTS), draws.pick_text(&TIBETAN_PARTS)),
            ethnicity: "藏族",
        },
    }
}

/// `given·father`: the holder's own name, the middle dot, the father's (male) name.
fn dotted(draws: &mut Draws, sex: Sex, male: &[&'static str], female: &[&'static str]) -> String {
    let own = match sex {
        Sex::Male => draws.pick_text(male),
        Sex::Female => draws.pick_text(female),
    };
    let mut father = draws.pick_text(male);
    if father == own {
        father = draws.pick_text(male);
    }
    format!("{own}{MIDDLE_DOT}{father}")
}

/// A foreign holder's name as Chinese documents print it: SURNAME GIVEN, upper-case Latin.
pub(crate) fn latin_name(draws: &mut Draws, sex: Sex) -> String {
    let given = match sex {
        Sex::Male => draws.pick_text(&LATIN_GIVEN_MALE),
        Sex::Female => draws.pick_text(&LATIN_GIVEN_FEMALE),
    };
    format!("{} {given}", draws.pick_text(&LATIN_SURNAMES))
}

#[cfg(test)]
mod tests {
    use reviewdesk_domain::consistency::ETHNIC_GROUPS;

    use super::*;
    use crate::random::Purpose;

    #[test]
    fn every_ethnicity_used_is_official() {
        for (group, _) in HAN_STYLE_MINORITIES {
            assert!(ETHNIC_GROUPS.contains(&group), "{group}");
        }
        for group in ["汉族", "维吾尔族", "哈萨克族", "藏族"] {
            assert!(ETHNIC_GROUPS.contains(&group), "{group}");
        }
    }

    #[test]
    fn han_names_have_two_or_three_characters() {
        let mut draws = Draws::new(5, Purpose::Applicant, 0);
        let mut compound = 0;
        for i in 0..3000 {
            let sex = if i % 2 == 0 { Sex::Male } else { Sex::Female };
            let name = han_name(&mut draws, sex);
            let length = name.chars().count();
            assert!((2..=3).contains(&length), "{name}");
            if COMPOUND_SURNAMES.iter().any(|surname| name.starts_with(surname)) {
                compound += 1;
            }
        }
        assert!(compound > 20, "{compound}");
    }

    #[test]
    fn resident_names_mix_in_minorities_and_dotted_names() {
        let mut draws = Draws::new(6, Purpose::Applicant, 0);
        let names: Vec<PersonName> =
            (0..2000).map(|_| resident_name(&mut draws, Sex::Female)).collect();
        let han = names.iter().filter(|person| person.ethnicity == "汉族").count();
        let dotted = names.iter().filter(|person| person.name.contains(MIDDLE_DOT)).count();
        assert!((1650..1850).contains(&han), "{han}");
        assert!(dotted > 20, "{dotted}");
        for person in names.iter().filter(|person| person.name.contains(MIDDLE_DOT)) {
            let parts: Vec<&str> = person.name.split(MIDDLE_DOT).collect();
            assert_eq!(parts.len(), 2);
            assert!(parts.iter().all(|part| !part.is_empty()));
        }
    }

    #[test]
    fn latin_names_are_two_upper_case_words() {
        let mut draws = Draws::new(7, Purpose::Applicant, 0);
        let name = latin_name(&mut draws, Sex::Male);
        let words: Vec<&str> = name.split(' ').collect();
        assert_eq!(words.len(), 2);
        assert!(name.chars().all(|c| c == ' ' || c.is_ascii_uppercase()));
    }
}
