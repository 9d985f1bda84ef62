//! QR codes for the poster links, as SVG (sharp at any print size) and PNG (for a chat, a
//! website or a print shop that asks for an image).

use qrcode::{Color, EcLevel, QrCode};

use crate::error::{Error, Result};

/// Modules of white around the code: the quiet zone scanners need.
const QUIET: usize = 4;

/// The code's modules, dark = true, row by row, quiet zone included.
pub struct Matrix {
    pub size: usize,
    dark: Vec<bool>,
}

impl Matrix {
    pub fn of(text: &str) -> Result<Matrix> {
        // M: survives a poster's creases and smudges (15%) at a size a phone reads at a metre.
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .map_err(|e| Error::InvalidInput(format!("This link cannot be a QR code: {e}.")))?;
        let inner = code.width();
        let size = inner + 2 * QUIET;
        let mut dark = vec![false; size * size];
        for (i, c) in code.to_colors().into_iter().enumerate() {
            let (y, x) = (i / inner, i % inner);
            dark[(y + QUIET) * size + x + QUIET] = c == Color::Dark;
        }
        Ok(Matrix { size, dark })
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.size + x]
    }

    /// An SVG document, one path for all dark modules, scaling to whatever box holds it.
    pub fn svg(&self) -> String {
        let mut path = String::new();
        for y in 0..self.size {
            let mut x = 0;
            while x < self.size {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.size && self.is_dark(x, y) {
                        x += 1;
                    }
                    path.push_str(&format!("M{start} {y}h{}v1h-{}z", x - start, x - start));
                } else {
                    x += 1;
                }
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {s} {s}\" shape-rendering=\"crispEdges\"><rect width=\"{s}\" height=\"{s}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
            s = self.size
        )
    }

    /// A greyscale PNG, `scale` pixels per module.
    pub fn png(&self, scale: usize) -> Result<Vec<u8>> {
        let side = self.size * scale;
        let mut pixels = Vec::with_capacity(side * side);
        for y in 0..side {
            for x in 0..side {
                pixels.push(if self.is_dark(x / scale, y / scale) {
                    0
                } else {
                    255
                });
            }
        }
        let mut out = Vec::new();
        let side32 = u32::try_from(side).map_err(|_| Error::Internal("QR too large".into()))?;
        let mut encoder = png::Encoder::new(&mut out, side32, side32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .map_err(|e| Error::Internal(format!("PNG: {e}")))?;
        writer
            .write_image_data(&pixels)
            .map_err(|e| Error::Internal(format!("PNG: {e}")))?;
        writer
            .finish()
            .map_err(|e| Error::Internal(format!("PNG: {e}")))?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_makes_a_code_with_its_finder_patterns_and_quiet_zone() {
        let m = Matrix::of("https://t.me/ForneriaBot?start=vetrina-natale").unwrap();
        assert!(m.size >= 21 + 2 * QUIET);
        // The quiet zone is white; the top-left finder's corner is dark, its inner ring white.
        assert!((0..m.size).all(|i| !m.is_dark(i, 0) && !m.is_dark(0, i)));
        assert!(m.is_dark(QUIET, QUIET));
        assert!(!m.is_dark(QUIET + 1, QUIET + 1));
        assert!(m.is_dark(QUIET + 2, QUIET + 2));
        let svg = m.svg();
        assert!(svg.starts_with("<svg") && svg.contains("<path"));
        let png = m.png(8).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        // Width in the IHDR chunk.
        let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
        assert_eq!(width as usize, m.size * 8);
    }
}
