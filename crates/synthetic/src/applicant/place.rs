//! Real places for synthetic applicants: the GB/T 2260 county codes of each mainland province
//! (from the domain's table), a plausible 住址 (street or village address) inside a county, and
//! the 签发机关 (the county's public security office) that issues its resident IDs.

use reviewdesk_domain::region::{address_codes, county_name, province, provinces};

use crate::random::Draws;

/// Province-level municipalities: their districts hang directly under the city.
const MUNICIPALITIES: [&str; 4] = ["11", "12", "31", "50"];

/// A county-level division an ID number can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct County {
    /// Six digits, e.g. `"110105"`.
    pub(crate) code: &'static str,
    /// e.g. `"朝阳区"`.
    pub(crate) name: &'static str,
    /// e.g. `"北京市"`.
    pub(crate) province_name: &'static str,
    /// The prefecture-level city, when the county has one below the province, e.g. `"石家庄市"`.
    pub(crate) prefecture_name: Option<&'static str>,
}

impl County {
    fn is_municipality(&self) -> bool {
        MUNICIPALITIES.iter().any(|code| self.code.starts_with(code))
    }

    /// Rural counties (县, 旗) get village addresses some of the time.
    fn is_rural(&self) -> bool {
        self.name.ends_with('县') || self.name.ends_with('旗')
    }

    /// Province, prefecture and county, e.g. `"河北省石家庄市长安区"`, `"北京市朝阳区"`.
    pub(crate) fn full_name(&self) -> String {
        format!("{}{}{}", self.province_name, self.prefecture_name.unwrap_or_default(), self.name)
    }

    /// The office that issues this county's resident IDs: `"北京市公安局朝阳分局"`,
    /// `"石家庄市公安局长安分局"`, `"正定县公安局"`.
    pub(crate) fn police_office(&self) -> String {
        let city =
            if self.is_municipality() { Some(self.province_name) } else { self.prefecture_name };
        match (city, self.name.strip_suffix('区')) {
            (Some(city), Some(district)) if district.chars().count() >= 2 => {
                format!("{city}公安局{district}分局")
            }
            (Some(city), _) if self.name.ends_with('区') => {
                format!("{city}公安局{}分局", self.name)
            }
            _ => format!("{}公安局", self.name),
        }
    }
}

/// Every usable county of every mainland province, sorted by code.
#[derive(Debug, Clone)]
pub(crate) struct Places {
    counties: Vec<County>,
}

impl Places {
    /// Reads the domain's GB/T 2260 table: codes below prefecture level whose name is a real
    /// district, county, banner or county-level city (not the "市辖区" placeholders). The
    /// table mixes current and historical codes without telling them apart; historical ones
    /// are valid in ID numbers, and only the Chongqing split (see `names_a_province`) would
    /// make the address read wrongly.
    pub(crate) fn load() -> Places {
        let counties = address_codes()
            .filter(|(code, name)| is_county(code, name))
            .filter_map(|(code, name)| {
                let province = province(code)?;
                let prefecture_name = prefecture_of(code, province.name_zh);
                if !is_mainland(province.code) || names_a_province(prefecture_name) {
                    return None;
                }
                Some(County { code, name, province_name: province.name_zh, prefecture_name })
            })
            .collect();
        Places { counties }
    }

    /// The counties of a two-digit province code (empty for an unknown code).
    pub(crate) fn counties_of(&self, province_code: &str) -> &[County] {
        let start = self.counties.partition_point(|county| county.code < province_code);
        let after = self.counties.get(start..).map_or(0, |rest| {
            rest.iter().take_while(|c| c.code.starts_with(province_code)).count()
        });
        self.counties.get(start..start + after).unwrap_or_default()
    }

    /// A county anywhere on the mainland.
    pub(crate) fn any_county(&self, draws: &mut Draws) -> Option<&County> {
        draws.pick(&self.counties)
    }
}

/// Whether a prefecture is now a province of its own: Chongqing's counties kept their Sichuan
/// codes (5102xx) in old ID numbers, but an address "四川省重庆市…" would be wrong today.
fn names_a_province(prefecture_name: Option<&str>) -> bool {
    prefecture_name.is_some_and(|name| provinces().iter().any(|p| p.name_zh == name))
}

fn is_mainland(province_code: &str) -> bool {
    !matches!(province_code, "71" | "81" | "82" | "83")
}

fn is_county(code: &str, name: &str) -> bool {
    let below_prefecture = code.len() == 6 && !code.ends_with("00");
    let real_name = !name.contains("市辖区")
        && ["区", "县", "市", "旗"].iter().any(|suffix| name.ends_with(suffix))
        && name.chars().count() >= 2;
    below_prefecture && real_name
}

/// The prefecture-level city above a county code, when it is a real city (not the municipalities'
/// "市辖区"/"县" groupings nor the "省直辖县级行政单位" of directly administered counties).
fn prefecture_of(code: &str, province_name: &str) -> Option<&'static str> {
    let prefecture_code = format!("{}00", code.get(..4)?);
    let name = county_name(&prefecture_code)?;
    let grouping =
        name.contains("市辖区") || name.contains("直辖") || name.starts_with(province_name);
    (!grouping).then_some(name)
}

const ROADS: [&str; 24] = [
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "和平路",
    "新华街",
    "胜利街",
    "文化路",
    "长江路",
    "黄河路",
    "朝阳路",
    "光明街",
    "青年路",
    "东风路",
    "育才路",
    "幸福街",
    "滨河路",
    "友谊路",
    "健康路",
    "复兴路",
    "民主街",
    "团结路",
    "新建路",
    "北京路",
];

const COMMUNITIES: [&str; 12] = [
    "幸福小区",
    "阳光花园",
    "锦绣家园",
    "和平里",
    "建设新村",
    "金色家园",
    "翠苑小区",
    "丽景园",
    "书香苑",
    "滨江花园",
    "春晖小区",
    "东方明珠苑",
];

const TOWNS: [&str; 12] = [
    "城关镇",
    "新城镇",
    "东关镇",
    "太平镇",
    "永安镇",
    "长安镇",
    "青山镇",
    "石桥镇",
    "龙泉镇",
    "安乐乡",
    "白石乡",
    "双河镇",
];

const VILLAGES: [&str; 12] = [
    "王庄村",
    "李家村",
    "东坡村",
    "河西村",
    "新民村",
    "前进村",
    "红旗村",
    "杨柳村",
    "张家湾村",
    "大柳树村",
    "后营村",
    "石门村",
];

/// A 住址 inside `county`: `"北京市朝阳区建设路58号阳光花园3号楼2单元401室"` or, for rural
/// counties, `"河北省石家庄市正定县城关镇王庄村3组27号"`.
pub(crate) fn street_address(draws: &mut Draws, county: &County) -> String {
    let place = county.full_name();
    if county.is_rural() && draws.chance(0.5) {
        let town = draws.pick_text(&TOWNS);
        let village = draws.pick_text(&VILLAGES);
        let group = draws.between(1, 9);
        let number = draws.between(1, 120);
        return format!("{place}{town}{village}{group}组{number}号");
    }
    let road = draws.pick_text(&ROADS);
    let number = draws.between(1, 399);
    if draws.chance(0.35) {
        return format!("{place}{road}{number}号");
    }
    let community = draws.pick_text(&COMMUNITIES);
    let building = draws.between(1, 24);
    let unit = draws.between(1, 6);
    let room = draws.between(1, 28) * 100 + draws.between(1, 4);
    format!("{place}{road}{number}号{community}{building}号楼{unit}单元{room}室")
}

#[cfg(test)]
mod tests {
    use reviewdesk_domain::region::RegionInfo;

    use super::*;
    use crate::random::Purpose;

    #[test]
    fn every_mainland_province_has_known_counties() {
        let places = Places::load();
        for code in ["11", "12", "13", "31", "44", "50", "54", "65"] {
            let counties = places.counties_of(code);
            assert!(counties.len() > 10, "{code}: {}", counties.len());
            for county in counties {
                assert!(county.code.starts_with(code));
                let region = RegionInfo::from_code(county.code).expect("known province");
                assert!(region.county_known(), "{}", county.code);
            }
        }
        assert!(places.counties_of("81").is_empty());
        assert!(places.counties_of("99").is_empty());
    }

    #[test]
    fn names_and_offices_read_naturally() {
        let places = Places::load();
        let find = |code: &str| places.counties.iter().find(|county| county.code == code).copied();
        let chaoyang = find("110105").expect("朝阳区");
        assert_eq!(chaoyang.full_name(), "北京市朝阳区");
        assert_eq!(chaoyang.police_office(), "北京市公安局朝阳分局");
        let chang_an = find("130102").expect("长安区");
        assert_eq!(chang_an.full_name(), "河北省石家庄市长安区");
        assert_eq!(chang_an.police_office(), "石家庄市公安局长安分局");
        let xiantao = find("429004").expect("仙桃市");
        assert_eq!(xiantao.full_name(), "湖北省仙桃市");
        assert_eq!(xiantao.police_office(), "仙桃市公安局");
        assert!(places.counties.iter().all(|county| !county.name.contains("市辖区")));
        // Chongqing's old Sichuan codes are left out.
        assert!(places.counties_of("51").iter().all(|county| !county.code.starts_with("5102")));
    }

    #[test]
    fn addresses_start_with_the_place() {
        let places = Places::load();
        let mut draws = Draws::new(9, Purpose::Applicant, 0);
        for _ in 0..200 {
            let county = *places.any_county(&mut draws).expect("counties exist");
            let address = street_address(&mut draws, &county);
            assert!(address.starts_with(&county.full_name()), "{address}");
            assert!(address.ends_with('号') || address.ends_with('室'), "{address}");
        }
    }
}
