//! The printable poster: one page (A4 or A5) with the shop's name, a line inviting customers to
//! write, a QR code per channel and, when the poster collects consent, the exact wording the
//! customer agrees to by writing. A PDF written directly (vector QR codes, the PDF standard
//! Helvetica): nothing to install, sharp at any printer's resolution.

use crate::error::Result;
use crate::model::ChannelKind;
use crate::reach::qr::Matrix;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperSize {
    A4,
    A5,
}

impl PaperSize {
    /// Width and height in PDF points (1/72 inch).
    fn points(self) -> (f32, f32) {
        match self {
            PaperSize::A4 => (595.0, 842.0),
            PaperSize::A5 => (420.0, 595.0),
        }
    }
}

/// What goes on the poster.
pub struct PosterPage<'a> {
    pub shop: &'a str,
    pub language: &'a str,
    pub links: Vec<(ChannelKind, String)>,
    pub consent_wording: Option<&'a str>,
    pub code: &'a str,
    pub paper: PaperSize,
}

fn invite(language: &str) -> &'static str {
    match language {
        "it" => "Scrivici in chat: inquadra il codice con il telefono",
        "es" => "Escríbenos por chat: escanea el código con el móvil",
        "pt" => "Fale connosco por chat: aponte a câmara para o código",
        _ => "Chat with us: scan the code with your phone",
    }
}

fn channel_name(c: ChannelKind) -> &'static str {
    match c {
        ChannelKind::Whatsapp => "WhatsApp",
        ChannelKind::Messenger => "Messenger",
        ChannelKind::Telegram => "Telegram",
    }
}

/// The poster as a PDF document.
pub fn pdf(page: &PosterPage<'_>) -> Result<Vec<u8>> {
    let (w, h) = page.paper.points();
    let margin = w * 0.08;
    let mut c = String::new();
    // The shop's name, then the invitation, centred.
    let title_size = w * 0.07;
    let mut y = h - margin - title_size;
    text_centred(&mut c, page.shop, "F2", title_size, w, y);
    y -= title_size * 1.2;
    let invite_size = w * 0.032;
    for line in wrap(invite(page.language), invite_size, w - 2.0 * margin) {
        text_centred(&mut c, &line, "F1", invite_size, w, y);
        y -= invite_size * 1.4;
    }
    // The codes side by side, as large as the row allows.
    let n = page.links.len().max(1) as f32;
    let gap = w * 0.04;
    let side = ((w - 2.0 * margin - gap * (n - 1.0)) / n).min(h * 0.35);
    let top = y - invite_size;
    let row_width = side * n + gap * (n - 1.0);
    let mut x = (w - row_width) / 2.0;
    for (channel, url) in &page.links {
        let m = Matrix::of(url)?;
        let module = side / m.size as f32;
        let base = top - side;
        c.push_str("0 g\n");
        for my in 0..m.size {
            for mx in 0..m.size {
                if m.is_dark(mx, my) {
                    c.push_str(&format!(
                        "{:.2} {:.2} {:.2} {:.2} re\n",
                        x + mx as f32 * module,
                        base + (m.size - 1 - my) as f32 * module,
                        module + 0.01,
                        module + 0.01
                    ));
                }
            }
        }
        c.push_str("f\n");
        let label = w * 0.03;
        let name = channel_name(*channel);
        text_at(
            &mut c,
            name,
            "F2",
            label,
            x + side / 2.0 - width_of(name, label) / 2.0,
            base - label * 1.4,
        );
        x += side + gap;
    }
    // The consent wording, small, at the foot: what the customer agrees to by writing.
    let small = w * 0.022;
    let mut y = margin + small * 2.0;
    if let Some(wording) = page.consent_wording.filter(|t| !t.trim().is_empty()) {
        let lines = wrap(wording, small, w - 2.0 * margin);
        y += small * 1.3 * lines.len() as f32;
        for line in lines {
            text_centred(&mut c, &line, "F1", small, w, y);
            y -= small * 1.3;
        }
    }
    text_centred(&mut c, page.code, "F1", small * 0.8, w, margin);
    Ok(document(w, h, &c))
}

fn text_centred(c: &mut String, text: &str, font: &str, size: f32, page_w: f32, y: f32) {
    let x = (page_w - width_of(text, size)) / 2.0;
    text_at(c, text, font, size, x.max(0.0), y);
}

fn text_at(c: &mut String, text: &str, font: &str, size: f32, x: f32, y: f32) {
    c.push_str(&format!(
        "BT /{font} {size:.2} Tf {x:.2} {y:.2} Td ({}) Tj ET\n",
        pdf_string(text)
    ));
}

/// Helvetica's average advance is about half its size; enough for centring and wrapping.
fn width_of(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.52
}

fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if width_of(&candidate, size) > width && !line.is_empty() {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A PDF literal string in WinAnsi (Latin-1 for the shop's languages); other characters
/// become '?', and the delimiters are escaped, so no text can break out of the string.
fn pdf_string(text: &str) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        match ch {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            ' '..='~' => out.push(ch),
            '\u{a0}'..='\u{ff}' => out.push_str(&format!("\\{:03o}", ch as u32)),
            '€' => out.push_str("\\200"),
            _ => out.push('?'),
        }
    }
    out
}

fn document(w: f32, h: f32, content: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w:.0} {h:.0}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
    ];
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poster_is_one_pdf_page_whose_xref_points_at_its_objects() {
        let page = PosterPage {
            shop: "Forneria (da) Anna",
            language: "it",
            links: vec![
                (
                    ChannelKind::Whatsapp,
                    "https://wa.me/39333?text=%23x".into(),
                ),
                (ChannelKind::Telegram, "https://t.me/Bot?start=x".into()),
            ],
            consent_wording: Some(
                "Scrivendoci accetti di ricevere le nostre offerte. Più € per tutti.",
            ),
            code: "x",
            paper: PaperSize::A4,
        };
        let pdf = pdf(&page).unwrap();
        assert!(pdf.starts_with(b"%PDF-1.4"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/Count 1"));
        assert!(text.contains("(Forneria \\(da\\) Anna) Tj"));
        assert!(text.contains("Pi\\371"));
        let start: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .unwrap()
            .parse()
            .unwrap();
        assert!(pdf[start..].starts_with(b"xref"));
        // Each xref entry points at "N 0 obj" (byte offsets in the file itself).
        let table = String::from_utf8(pdf[start..].to_vec()).unwrap();
        for (i, line) in table.lines().skip(3).take(6).enumerate() {
            let at: usize = line[..10].parse().unwrap();
            assert!(pdf[at..].starts_with(format!("{} 0 obj", i + 1).as_bytes()));
        }
    }
}
