//! The `identity` part of an intake request: a JSON object read field by field, so a malformed
//! value is refused (422 `invalid_identity`) naming the field, in Chinese. Only the form is
//! checked here; whether the data agrees with the ID number is for the consistency findings the
//! reviewer reads, never a reason to refuse the applicant.

use chrono::NaiveDate;
use reviewdesk_domain::consistency::{DeclaredIdentity, Validity};
use reviewdesk_domain::id::{IdType, Sex};
use reviewdesk_domain::region;
use reviewdesk_domain::ErrorCode;
use serde_json::{Map, Value};

use super::error::ApiError;

/// What intake needs besides the declared identity.
#[derive(Debug, Clone)]
pub struct IdentityPart {
    pub applicant_id: String,
    pub province: String,
    pub identity: DeclaredIdentity,
}

const FIELDS: [(&str, &str); 11] = [
    ("applicant_id", "申请人编号"),
    ("province", "省份代码"),
    ("id_type", "证件类型"),
    ("id_number", "证件号码"),
    ("name", "姓名"),
    ("sex", "性别"),
    ("birth_date", "出生日期"),
    ("ethnicity", "民族"),
    ("region", "地区"),
    ("valid_from", "有效期起始日期"),
    ("valid_to", "有效期截止日期"),
];

fn label(field: &str) -> &'static str {
    FIELDS.iter().find(|(name, _)| *name == field).map_or("字段", |(_, label)| label)
}

fn invalid(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::unprocessable(ErrorCode::InvalidIdentity, message).with("field", field)
}

struct Reader {
    object: Map<String, Value>,
}

impl Reader {
    fn required_text(&self, field: &str, max_chars: usize) -> Result<String, ApiError> {
        match self.object.get(field) {
            None | Some(Value::Null) => Err(invalid(field, format!("缺少{}", label(field)))),
            Some(value) => self.text(field, value, max_chars),
        }
    }

    fn optional_text(&self, field: &str, max_chars: usize) -> Result<Option<String>, ApiError> {
        match self.object.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => self.text(field, value, max_chars).map(Some),
        }
    }

    fn text(&self, field: &str, value: &Value, max_chars: usize) -> Result<String, ApiError> {
        let Value::String(text) = value else {
            return Err(invalid(field, format!("{}须为文本", label(field))));
        };
        let count = text.chars().count();
        if text.trim().is_empty() {
            return Err(invalid(field, format!("{}不能为空", label(field))));
        }
        if count > max_chars || text.chars().any(char::is_control) {
            return Err(invalid(
                field,
                format!("{}须为不超过 {max_chars} 个字符的文本，且不含控制字符", label(field)),
            ));
        }
        Ok(text.clone())
    }

    fn date(&self, field: &str) -> Result<NaiveDate, ApiError> {
        let text = self.required_text(field, 10)?;
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map_err(|_| invalid(field, format!("{}须为 YYYY-MM-DD 格式的日期", label(field))))
    }
}

/// Reads the `identity` part.
pub fn read(bytes: &[u8]) -> Result<IdentityPart, ApiError> {
    let object = match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(object)) => object,
        _ => {
            return Err(ApiError::unprocessable(
                ErrorCode::InvalidIdentity,
                "identity 部分须为一个 JSON 对象",
            ))
        }
    };
    if let Some(unknown) = object.keys().find(|key| !FIELDS.iter().any(|(name, _)| name == key)) {
        return Err(invalid(unknown, format!("identity 中有无法识别的字段 {unknown}")));
    }
    let reader = Reader { object };

    let applicant_id = reader.required_text("applicant_id", 64)?;
    let province = reader.required_text("province", 2)?;
    if region::province(&province).is_none() || !province.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("province", "省份代码须为两位数字的省级行政区划代码，如 11"));
    }
    let id_type: IdType = reader.required_text("id_type", 32)?.parse().map_err(|_| {
        let names: Vec<&str> = IdType::ALL.iter().map(IdType::as_str).collect();
        invalid("id_type", format!("证件类型须为以下之一：{}", names.join("、")))
    })?;
    let id_number = reader.required_text("id_number", 32)?;
    let name = reader.required_text("name", 64)?;
    let sex = match reader.required_text("sex", 8)?.as_str() {
        "male" => Sex::Male,
        "female" => Sex::Female,
        _ => return Err(invalid("sex", "性别须为 male 或 female")),
    };
    let birth_date = reader.date("birth_date")?;
    let ethnicity = reader.optional_text("ethnicity", 16)?;
    let region = reader.optional_text("region", 16)?;
    let valid_from = reader.date("valid_from")?;
    let valid_to = match reader.object.get("valid_to") {
        None => return Err(invalid("valid_to", "缺少有效期截止日期（长期有效请填 null）")),
        Some(Value::Null) => Validity::LongTerm,
        Some(_) => reader.required_text("valid_to", 10)?.parse().map_err(|_| {
            invalid("valid_to", "有效期截止日期须为 YYYY-MM-DD 格式的日期，长期有效请填 null")
        })?,
    };
    Ok(IdentityPart {
        applicant_id,
        province,
        identity: DeclaredIdentity {
            id_type,
            id_number,
            name: Some(name),
            sex: Some(sex),
            birth_date: Some(birth_date),
            ethnicity,
            region,
            valid_from: Some(valid_from),
            valid_to: Some(valid_to),
        },
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn valid() -> Value {
        json!({
            "applicant_id": "A-1", "province": "11", "id_type": "resident",
            "id_number": "11010519491231002X", "name": "王小明", "sex": "female",
            "birth_date": "1949-12-31", "ethnicity": "汉", "region": null,
            "valid_from": "2010-01-01", "valid_to": null
        })
    }

    fn field_of(value: &Value) -> Option<String> {
        let error = read(value.to_string().as_bytes()).unwrap_err();
        assert_eq!(error.code, "invalid_identity");
        error.details.get("field").and_then(Value::as_str).map(str::to_owned)
    }

    #[test]
    fn reads_a_complete_identity_with_long_term_validity() {
        let part = read(valid().to_string().as_bytes()).unwrap();
        assert_eq!(part.province, "11");
        assert_eq!(part.identity.valid_to, Some(Validity::LongTerm));
        assert_eq!(part.identity.sex, Some(Sex::Female));
    }

    #[test]
    fn names_the_bad_field() {
        for (field, bad) in [
            ("province", json!("99")),
            ("province", json!(11)),
            ("id_type", json!("driving-licence")),
            ("sex", json!("M")),
            ("birth_date", json!("1949/12/31")),
            ("valid_to", json!("forever")),
            ("name", json!("")),
            ("applicant_id", json!("x".repeat(65))),
        ] {
            let mut value = valid();
            value[field] = bad;
            assert_eq!(field_of(&value).as_deref(), Some(field));
        }
        let mut missing = valid();
        missing.as_object_mut().unwrap().remove("valid_to");
        assert_eq!(field_of(&missing).as_deref(), Some("valid_to"));
        let mut extra = valid();
        extra["nickname"] = json!("x");
        assert_eq!(field_of(&extra).as_deref(), Some("nickname"));
        assert!(read(b"[1,2]").is_err());
        assert!(read(b"{").is_err());
    }
}
