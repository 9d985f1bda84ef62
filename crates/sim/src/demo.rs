//! The demo shop: a few customers who have written to the bakery's bot, and who answer when
//! the shop replies, so "Try the demo" shows a living inbox without any real account.

use std::time::Duration;

use rand::seq::IndexedRandom;
use tokio_util::sync::CancellationToken;

use crate::telegram::{now_secs, Customer, TelegramSim};

fn customer(chat_id: i64, first: &str, last: &str) -> Customer {
    Customer {
        chat_id,
        first_name: first.into(),
        last_name: Some(last.into()),
        username: None,
        language_code: None,
    }
}

/// Makes the demo customers known to the bot and, with `seed`, writes their first messages,
/// dated over the last day; from then on they answer the shop's replies, until `stop`.
pub fn play_customers(sim: &TelegramSim, seed: bool, stop: CancellationToken) {
    let now = now_secs();
    let chats: [(Customer, &[(&str, i64)]); 4] = [
        (
            customer(910_001, "Giulia", "Bianchi"),
            &[
                (
                    "Buongiorno! Avete ancora la torta di mele per sabato?",
                    3 * 3600,
                ),
                ("Ne vorrei una grande, per 10 persone 🎂", 3 * 3600 - 60),
            ],
        ),
        (
            customer(910_002, "João", "Silva"),
            &[("Olá! Vocês fazem entregas em Trastevere?", 5 * 3600)],
        ),
        (
            customer(910_003, "Lucía", "Fernández"),
            &[
                ("Hola, ¿a qué hora abrís el domingo?", 26 * 3600),
                ("¡Gracias!", 25 * 3600),
            ],
        ),
        (
            customer(910_004, "Emma", "Clarke"),
            &[(
                "Hi! Is the sourdough gluten-free? <b>asking for a friend</b>",
                40 * 60,
            )],
        ),
    ];
    for (who, messages) in chats {
        sim.know_customer(&who);
        if seed {
            for (text, ago) in messages {
                sim.customer_says(&who, text, Some(now - ago));
            }
        }
    }
    answer_replies(sim, stop);
}

/// What each demo customer says when the shop answers, in their own language.
fn answers_of(chat_id: i64) -> &'static [&'static str] {
    match chat_id {
        910_001 => &["Perfetto, grazie mille! 🙏", "Ottimo, passo verso le 11."],
        910_002 => &["Obrigado! 😊", "Perfeito, passo aí amanhã."],
        910_003 => &["¡Genial, gracias!", "Perfecto, nos vemos el domingo."],
        _ => &["Great, thank you!", "Lovely, see you soon."],
    }
}

/// After each reply from the shop, its demo customer answers a moment later, until `stop`.
fn answer_replies(sim: &TelegramSim, stop: CancellationToken) {
    let mut replies = sim.replies();
    let sim = sim.clone();
    tokio::spawn(async move {
        loop {
            let sent = tokio::select! {
                _ = stop.cancelled() => return,
                sent = replies.recv() => sent,
            };
            let sent = match sent {
                Ok(sent) => sent,
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            };
            let Some(who) = sim.customer(sent.chat_id) else {
                continue;
            };
            let sim = sim.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(1500)).await;
                let text = answers_of(who.chat_id)
                    .choose(&mut rand::rng())
                    .copied()
                    .unwrap_or("👍");
                sim.customer_says(&who, text, None);
            });
        }
    });
}
