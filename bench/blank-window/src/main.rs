//! A blank Tauri 2 window: what every Tauri app costs before it does anything. Its page tells
//! the process when it has painted, the same way Sportello's window does, so the benchmarks
//! time both launches the same way.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::time::Instant;

/// Printed once the page has painted (`first_paint` in the benchmarks' script).
#[tauri::command]
fn first_paint(started: tauri::State<'_, Instant>) {
    println!("first paint after {} ms", started.elapsed().as_millis());
}

fn main() {
    let started = Instant::now();
    tauri::Builder::default()
        .manage(started)
        .invoke_handler(tauri::generate_handler![first_paint])
        .run(tauri::generate_context!())
        .expect("the blank window starts");
}
