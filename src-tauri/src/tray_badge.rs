//! The tray icon with the unread count drawn on it: a red dot in the top right corner with the
//! number, as phones and WhatsApp Desktop show it. Many Linux trays ignore a tray's text label,
//! so the number has to be in the picture itself. Counts over 9 show "9+": at tray sizes (16 to
//! 32 pixels) two digits are not readable; the exact number is in the tooltip.

use tauri::image::Image;

const RED: [u8; 4] = [0xe5, 0x39, 0x35, 0xff];
const WHITE: [u8; 4] = [0xff, 0xff, 0xff, 0xff];

/// 3×5 pixel glyphs, one row per byte, the three low bits left to right.
fn glyph(c: char) -> [u8; 5] {
    match c {
        '0' => [0b111, 0b101, 0b101, 0b101, 0b111],
        '1' => [0b010, 0b110, 0b010, 0b010, 0b111],
        '2' => [0b111, 0b001, 0b111, 0b100, 0b111],
        '3' => [0b111, 0b001, 0b011, 0b001, 0b111],
        '4' => [0b101, 0b101, 0b111, 0b001, 0b001],
        '5' => [0b111, 0b100, 0b111, 0b001, 0b111],
        '6' => [0b111, 0b100, 0b111, 0b101, 0b111],
        '7' => [0b111, 0b001, 0b010, 0b010, 0b010],
        '8' => [0b111, 0b101, 0b111, 0b101, 0b111],
        '9' => [0b111, 0b101, 0b111, 0b001, 0b111],
        _ => [0b000, 0b010, 0b111, 0b010, 0b000], // '+'
    }
}

/// What the badge says for `count` unread messages; None for no badge.
pub fn badge_text(count: u64) -> Option<String> {
    match count {
        0 => None,
        1..=9 => Some(count.to_string()),
        _ => Some("9+".to_owned()),
    }
}

/// `base` with the unread badge drawn over it (`base` itself when nothing is unread).
pub fn with_count(base: &Image<'_>, count: u64) -> Image<'static> {
    let (width, height) = (base.width(), base.height());
    let mut rgba = base.rgba().to_vec();
    if let Some(text) = badge_text(count) {
        draw_badge(&mut rgba, width, height, &text);
    }
    Image::new_owned(rgba, width, height)
}

fn draw_badge(rgba: &mut [u8], width: u32, height: u32, text: &str) {
    let size = width.min(height) as f32;
    let radius = (size * 0.34).max(4.0);
    let (cx, cy) = (width as f32 - radius, radius);
    let mut put = |x: i64, y: i64, color: [u8; 4]| {
        if x >= 0 && y >= 0 && (x as u32) < width && (y as u32) < height {
            let i = ((y as u32 * width + x as u32) * 4) as usize;
            rgba[i..i + 4].copy_from_slice(&color);
        }
    };
    for y in 0..height {
        for x in 0..width {
            let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
            if dx * dx + dy * dy <= radius * radius {
                put(x.into(), y.into(), RED);
            }
        }
    }
    // The largest whole scale at which the text fits inside the dot.
    let glyphs = text.chars().count() as u32;
    let units_wide = glyphs * 3 + glyphs.saturating_sub(1);
    let scale = ((radius * 1.4) / units_wide.max(5) as f32).floor().max(1.0) as i64;
    let (text_w, text_h) = (units_wide as i64 * scale, 5 * scale);
    let left = (cx - text_w as f32 / 2.0).round() as i64;
    let top = (cy - text_h as f32 / 2.0).round() as i64;
    for (n, c) in text.chars().enumerate() {
        let gx = left + n as i64 * 4 * scale;
        for (row, bits) in glyph(c).iter().enumerate() {
            for col in 0..3 {
                if bits & (0b100 >> col) != 0 {
                    for sy in 0..scale {
                        for sx in 0..scale {
                            put(gx + col * scale + sx, top + row as i64 * scale + sy, WHITE);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank(size: u32) -> Image<'static> {
        Image::new_owned(vec![0; (size * size * 4) as usize], size, size)
    }

    fn pixel(image: &Image<'_>, x: u32, y: u32) -> [u8; 4] {
        let i = ((y * image.width() + x) * 4) as usize;
        image.rgba()[i..i + 4].try_into().unwrap()
    }

    fn count_of(image: &Image<'_>, color: [u8; 4]) -> usize {
        image
            .rgba()
            .chunks(4)
            .filter(|p| *p == color.as_slice())
            .count()
    }

    #[test]
    fn nothing_unread_leaves_the_icon_as_it_is() {
        let base = blank(32);
        assert_eq!(with_count(&base, 0).rgba(), base.rgba());
    }

    #[test]
    fn a_count_draws_a_red_dot_with_white_figures_in_the_top_right_corner() {
        for size in [16, 22, 32, 64] {
            let badged = with_count(&blank(size), 3);
            assert!(count_of(&badged, RED) > 0, "{size}px: a red dot");
            assert!(count_of(&badged, WHITE) > 0, "{size}px: the figure");
            assert_eq!(
                pixel(&badged, 0, size - 1),
                [0; 4],
                "{size}px: bottom left untouched"
            );
            assert_eq!(pixel(&badged, size - 1, 0)[3], 0, "{size}px: a round dot");
        }
    }

    #[test]
    fn different_counts_look_different_and_big_ones_say_nine_plus() {
        let base = blank(32);
        assert_ne!(with_count(&base, 1).rgba(), with_count(&base, 7).rgba());
        assert_eq!(with_count(&base, 12).rgba(), with_count(&base, 480).rgba());
        assert_ne!(with_count(&base, 9).rgba(), with_count(&base, 10).rgba());
        assert_eq!(badge_text(10).as_deref(), Some("9+"));
        assert_eq!(badge_text(0), None);
    }
}
