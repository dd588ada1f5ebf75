//! Drops the `name` custom section from the page's wasm module once wasm-pack has
//! built it. Function names serve only debuggers and panic backtraces, and they are
//! about a fifth of the gzipped module. Cargo's `strip = true` would remove them too,
//! but also the `target_features` section wasm-bindgen reads, so they go afterwards.
//! The names are kept beside, in `target/page-function-names.tsv` (index, tab,
//! name), for reading profiles of the page (`cargo xtask bench` uses them).

use std::fmt::Write;
use std::path::Path;

/// Rewrites the module at `path` without its `name` section and writes the function
/// names it had to `names`.
pub fn strip(path: &Path, names: &Path) -> Result<(), String> {
    let module = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let (stripped, functions) =
        without_names(&module).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut table = String::new();
    for (index, name) in functions {
        let _ = writeln!(table, "{index}\t{name}");
    }
    std::fs::write(names, table).map_err(|e| format!("cannot write {}: {e}", names.display()))?;
    std::fs::write(path, stripped).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Function names by index.
type FunctionNames = Vec<(usize, String)>;

/// A custom section's name and the rest of its payload.
type CustomSection<'m> = (&'m [u8], &'m [u8]);

/// The function names of a `name` section's payload after its own name: the
/// subsection with id 1, a count, then each function's index and name.
fn function_names(mut payload: &[u8]) -> Result<FunctionNames, String> {
    while let Some((&id, rest)) = payload.split_first() {
        let (size, start) = leb128(rest, 0)?;
        let body = rest
            .get(start..start + size)
            .ok_or("a name subsection runs past its section")?;
        if id == 1 {
            let (count, mut at) = leb128(body, 0)?;
            let mut names = Vec::with_capacity(count.min(body.len()));
            for _ in 0..count {
                let (index, next) = leb128(body, at)?;
                let (length, next) = leb128(body, next)?;
                let name = body
                    .get(next..next + length)
                    .ok_or("a function name runs past its subsection")?;
                names.push((index, String::from_utf8_lossy(name).into_owned()));
                at = next + length;
            }
            return Ok(names);
        }
        payload = &rest[start + size..];
    }
    Ok(Vec::new())
}

/// The module's bytes with every custom section called `name` left out, and the
/// function names that section held.
fn without_names(module: &[u8]) -> Result<(Vec<u8>, FunctionNames), String> {
    const HEADER: usize = 8;
    if module.len() < HEADER || &module[..4] != b"\0asm" {
        return Err("not a wasm module".to_string());
    }
    let mut out = module[..HEADER].to_vec();
    let mut names = Vec::new();
    let mut at = HEADER;
    while at < module.len() {
        let id = module[at];
        let (size, payload) = leb128(module, at + 1)?;
        let end = payload
            .checked_add(size)
            .filter(|&end| end <= module.len())
            .ok_or("a section runs past the end of the module")?;
        match custom_name(id, &module[payload..end])? {
            Some((b"name", rest)) => names = function_names(rest)?,
            _ => out.extend_from_slice(&module[at..end]),
        }
        at = end;
    }
    Ok((out, names))
}

/// A custom section's name and the rest of its payload; `None` for other sections.
fn custom_name(id: u8, payload: &[u8]) -> Result<Option<CustomSection<'_>>, String> {
    if id != 0 {
        return Ok(None);
    }
    let (length, start) = leb128(payload, 0)?;
    let name = payload
        .get(start..start + length)
        .ok_or("a custom section's name runs past its end")?;
    Ok(Some((name, &payload[start + length..])))
}

/// The unsigned LEB128 number at `at`, and where the bytes after it start.
fn leb128(bytes: &[u8], mut at: usize) -> Result<(usize, usize), String> {
    let mut value = 0usize;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(at).ok_or("a number runs past the end")?;
        at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok((value, at));
        }
    }
    Err("a number is longer than 5 bytes".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &[u8] = b"\0asm\x01\0\0\0";

    fn custom(name: &str, body: &[u8]) -> Vec<u8> {
        let mut payload = vec![name.len() as u8];
        payload.extend_from_slice(name.as_bytes());
        payload.extend_from_slice(body);
        let mut section = vec![0, payload.len() as u8];
        section.extend(payload);
        section
    }

    #[test]
    fn only_the_name_section_goes_and_its_function_names_are_read() {
        let types = [1u8, 4, 1, 0x60, 0, 0];
        let producers = custom("producers", b"xyz");
        // A module-name subsection (0), then function names (1): 3 -> "f", 7 -> "go".
        let subsections = [0u8, 2, 1, b'm', 1, 8, 2, 3, 1, b'f', 7, 2, b'g', b'o'];
        let module = [HEADER, &types, &custom("name", &subsections), &producers].concat();
        let (stripped, names) = without_names(&module).unwrap();
        assert_eq!(stripped, [HEADER, &types, &producers].concat());
        assert_eq!(names, vec![(3, "f".to_string()), (7, "go".to_string())]);
    }

    #[test]
    fn a_truncated_module_is_an_error() {
        let module = [HEADER, &[1u8, 9, 1]].concat();
        assert!(without_names(&module).is_err());
        assert!(without_names(b"\0asn\x01\0\0\0").is_err());
    }
}
