//! Every non-finite number in a value's serde form, by path (`report.monthly.hybrid`).
//! `serde_json` writes NaN and infinity as `null`, which hides them among the figures
//! that are absent on purpose, so the value is walked through its `Serialize`
//! implementation instead. Shared by the extreme-scenario tests and the fuzz targets
//! (`crates/ptcalc-fuzz` includes this file), so both check the same thing.
use std::fmt;

use serde::ser::{self, Serialize};

/// The paths of the non-finite `f32`/`f64` values in `value`, each with its value
/// (`report.monthly.hybrid = NaN`); empty when every number is finite.
pub fn non_finite<T: Serialize + ?Sized>(value: &T) -> Vec<String> {
    let mut found = Vec::new();
    let walked = value.serialize(Walker {
        path: String::new(),
        found: &mut found,
    });
    // The walker itself never fails; only a custom `Serialize` can.
    if let Err(e) = walked {
        found.push(format!("(not serializable: {e})"));
    }
    found
}

/// The walker's error: only a custom `Serialize` raises one.
#[derive(Debug)]
pub struct WalkError(String);

impl fmt::Display for WalkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WalkError {}

impl ser::Error for WalkError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        WalkError(msg.to_string())
    }
}

struct Walker<'a> {
    path: String,
    found: &'a mut Vec<String>,
}

impl<'a> Walker<'a> {
    fn float(self, v: f64) -> Result<(), WalkError> {
        if !v.is_finite() {
            let path = if self.path.is_empty() {
                "(root)"
            } else {
                &self.path
            };
            self.found.push(format!("{path} = {v}"));
        }
        Ok(())
    }

    fn compound(self) -> Compound<'a> {
        Compound {
            path: self.path,
            found: self.found,
            index: 0,
        }
    }

    fn field<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Result<(), WalkError> {
        value.serialize(Walker {
            path: join(&self.path, name),
            found: self.found,
        })
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// A sequence, tuple, map or struct being walked: elements are named by index, fields by name.
struct Compound<'a> {
    path: String,
    found: &'a mut Vec<String>,
    index: usize,
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WalkError> {
        let path = format!("{}[{}]", self.path, self.index);
        self.index += 1;
        value.serialize(Walker {
            path,
            found: self.found,
        })
    }

    fn named<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), WalkError> {
        value.serialize(Walker {
            path: join(&self.path, name),
            found: self.found,
        })
    }
}

macro_rules! ignore {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(fn $method(self, _: $ty) -> Result<(), WalkError> { Ok(()) })*
    };
}

impl<'a> ser::Serializer for Walker<'a> {
    type Ok = ();
    type Error = WalkError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    ignore!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_unit_struct(&'static str),
    );

    fn serialize_f32(self, v: f32) -> Result<(), WalkError> {
        self.float(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), WalkError> {
        self.float(v)
    }
    fn serialize_none(self) -> Result<(), WalkError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), WalkError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), WalkError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), WalkError> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), WalkError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), WalkError> {
        self.field(variant, value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, WalkError> {
        Ok(self.compound())
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, WalkError> {
        Ok(self.compound())
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, WalkError> {
        Ok(self.compound())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, WalkError> {
        let path = join(&self.path, variant);
        Ok(Compound {
            path,
            found: self.found,
            index: 0,
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, WalkError> {
        Ok(self.compound())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, WalkError> {
        Ok(self.compound())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, WalkError> {
        let path = join(&self.path, variant);
        Ok(Compound {
            path,
            found: self.found,
            index: 0,
        })
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = WalkError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WalkError> {
        self.element(value)
    }
    fn end(self) -> Result<(), WalkError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = WalkError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WalkError> {
        self.element(value)
    }
    fn end(self) -> Result<(), WalkError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = WalkError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WalkError> {
        self.element(value)
    }
    fn end(self) -> Result<(), WalkError> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = WalkError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WalkError> {
        self.element(value)
    }
    fn end(self) -> Result<(), WalkError> {
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = WalkError;
    // Keys are walked like elements (a float key is checked too); values are named by
    // their position among the entries.
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), WalkError> {
        let path = format!("{}{{key {}}}", self.path, self.index);
        key.serialize(Walker {
            path,
            found: self.found,
        })
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WalkError> {
        self.element(value)
    }
    fn end(self) -> Result<(), WalkError> {
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = WalkError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), WalkError> {
        self.named(name, value)
    }
    fn end(self) -> Result<(), WalkError> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = WalkError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), WalkError> {
        self.named(name, value)
    }
    fn end(self) -> Result<(), WalkError> {
        Ok(())
    }
}
