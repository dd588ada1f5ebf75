//! Drops the `name` custom section from the page's wasm module once wasm-pack has
//! built it. Function names serve only debuggers and panic backtraces, and they are
//! about a fifth of the gzipped module. Cargo's `strip = true` would remove them too,
//! but also the `target_features` section wasm-bindgen reads, so they go afterwards.

use std::path::Path;

/// Rewrites the module at `path` without its `name` section.
pub fn strip(path: &Path) -> Result<(), String> {
    let module = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let stripped = without_names(&module).map_err(|e| format!("{}: {e}", path.display()))?;
    std::fs::write(path, stripped).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The module's bytes with every custom section called `name` left out.
fn without_names(module: &[u8]) -> Result<Vec<u8>, String> {
    const HEADER: usize = 8;
    if module.len() < HEADER || &module[..4] != b"\0asm" {
        return Err("not a wasm module".to_string());
    }
    let mut out = module[..HEADER].to_vec();
    let mut at = HEADER;
    while at < module.len() {
        let id = module[at];
        let (size, payload) = leb128(module, at + 1)?;
        let end = payload
            .checked_add(size)
            .filter(|&end| end <= module.len())
            .ok_or("a section runs past the end of the module")?;
        if !(id == 0 && custom_name(&module[payload..end])? == b"name") {
            out.extend_from_slice(&module[at..end]);
        }
        at = end;
    }
    Ok(out)
}

/// The name a custom section's payload starts with.
fn custom_name(payload: &[u8]) -> Result<&[u8], String> {
    let (length, start) = leb128(payload, 0)?;
    payload
        .get(start..start + length)
        .ok_or_else(|| "a custom section's name runs past its end".to_string())
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
    fn only_the_name_section_goes() {
        let types = [1u8, 4, 1, 0x60, 0, 0];
        let producers = custom("producers", b"xyz");
        let module = [HEADER, &types, &custom("name", &[0x01; 100]), &producers].concat();
        assert_eq!(
            without_names(&module).unwrap(),
            [HEADER, &types, &producers].concat()
        );
    }

    #[test]
    fn a_truncated_module_is_an_error() {
        let module = [HEADER, &[1u8, 9, 1]].concat();
        assert!(without_names(&module).is_err());
        assert!(without_names(b"\0asn\x01\0\0\0").is_err());
    }
}
