//! What shop customers and owners write, in Italian, Portuguese, Spanish and English, with the
//! emoji they use. Words repeat as in real chats (many "grazie", few "zabaglione"), so search
//! benchmarks see common, rare and prefix terms in realistic proportions.

use rand::rngs::StdRng;
use rand::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    It,
    Pt,
    Es,
    En,
}

impl Lang {
    /// Italian shops first: most of a shop's customers speak its language.
    pub fn pick(rng: &mut StdRng) -> Lang {
        match rng.random_range(0..100) {
            0..55 => Lang::It,
            55..70 => Lang::Pt,
            70..85 => Lang::Es,
            _ => Lang::En,
        }
    }
}

struct Bank {
    first_names: &'static [&'static str],
    customer: &'static [&'static str],
    shop: &'static [&'static str],
    products: &'static [&'static str],
}

const IT: Bank = Bank {
    first_names: &[
        "Giulia",
        "Marco",
        "Francesca",
        "Luca",
        "Chiara",
        "Matteo",
        "Sara",
        "Alessandro",
        "Martina",
        "Davide",
        "Elena",
        "Giorgio",
        "Nicolò",
        "Beatrice",
    ],
    customer: &[
        "Buongiorno! Avete ancora {p}? 😊",
        "Ciao, vorrei prenotare {p} per sabato",
        "A che ora chiudete oggi?",
        "Grazie mille! 🙏",
        "Perché il negozio era chiuso ieri?",
        "Posso passare alle {h} a ritirare {p}?",
        "Quanto costa {p}?",
        "Perfetto, a domani 👍",
        "Avete {p} senza glutine?",
        "Scusate il ritardo, arrivo tra 10 minuti",
        "Mi mandate una foto di {p}? 📷",
        "Ok grazie, ci vediamo alle {h}",
    ],
    shop: &[
        "Buongiorno! Sì, {p} è disponibile 🥐",
        "Certo, ti preparo {p} per le {h}",
        "Oggi siamo aperti fino alle 19:30",
        "Grazie a te! A presto 😊",
        "{p} costa 12 €",
        "Prenotazione confermata ✅",
        "Purtroppo {p} è finito, domani ne sforniamo altri",
        "Ti aspettiamo alle {h}!",
    ],
    products: &[
        "la torta al cioccolato",
        "i cornetti",
        "il pane di segale",
        "la crostata",
        "le sfogliatelle",
        "il tiramisù",
        "lo zabaglione",
        "la focaccia",
        "i cannoli",
        "il panettone",
    ],
};

const PT: Bank = Bank {
    first_names: &[
        "João", "Ana", "Pedro", "Mariana", "Tiago", "Beatriz", "Rafael", "Inês", "Lucas", "Camila",
    ],
    customer: &[
        "Bom dia! Ainda tem {p}? 😊",
        "Olá, queria reservar {p} para sábado",
        "A que horas fecham hoje?",
        "Muito obrigado! 🙏",
        "Posso buscar {p} às {h}?",
        "Quanto custa {p}?",
        "Perfeito, até amanhã 👍",
        "Pode mandar uma foto de {p}? 📷",
    ],
    shop: &[
        "Bom dia! Sim, temos {p} 🥐",
        "Claro, deixo {p} pronto para as {h}",
        "Hoje fechamos às 19h30",
        "Obrigado, até já 😊",
        "Reserva confirmada ✅",
    ],
    products: &[
        "o bolo de chocolate",
        "os pastéis de nata",
        "o pão de centeio",
        "a broa",
        "o bolo de aniversário",
    ],
};

const ES: Bank = Bank {
    first_names: &[
        "Lucía", "Javier", "Carmen", "Pablo", "Sofía", "Diego", "Marta", "Álvaro", "Paula",
        "Andrés",
    ],
    customer: &[
        "¡Hola! ¿Todavía tenéis {p}? 😊",
        "Quería reservar {p} para el sábado",
        "¿A qué hora cerráis hoy?",
        "¡Muchas gracias! 🙏",
        "¿Puedo pasar a las {h} a recoger {p}?",
        "¿Cuánto cuesta {p}?",
        "Perfecto, hasta mañana 👍",
    ],
    shop: &[
        "¡Hola! Sí, nos queda {p} 🥐",
        "Claro, te dejo {p} listo para las {h}",
        "Hoy cerramos a las 19:30",
        "¡Gracias a ti! 😊",
        "Reserva confirmada ✅",
    ],
    products: &[
        "la tarta de chocolate",
        "los cruasanes",
        "el pan de centeno",
        "la ensaimada",
        "el roscón",
    ],
};

const EN: Bank = Bank {
    first_names: &[
        "Emma", "Oliver", "Amelia", "Harry", "Isla", "Jack", "Grace", "Noah", "Lily", "George",
    ],
    customer: &[
        "Hi! Do you still have {p}? 😊",
        "I'd like to book {p} for Saturday",
        "What time do you close today?",
        "Thanks a lot! 🙏",
        "Can I pick up {p} at {h}?",
        "How much is {p}?",
        "Perfect, see you tomorrow 👍",
    ],
    shop: &[
        "Hi! Yes, we have {p} 🥐",
        "Sure, {p} will be ready at {h}",
        "We close at 7:30 pm today",
        "Thank you! 😊",
        "Booking confirmed ✅",
    ],
    products: &[
        "the chocolate cake",
        "the croissants",
        "the rye bread",
        "the cheesecake",
        "the sourdough loaf",
    ],
};

fn bank(lang: Lang) -> &'static Bank {
    match lang {
        Lang::It => &IT,
        Lang::Pt => &PT,
        Lang::Es => &ES,
        Lang::En => &EN,
    }
}

pub fn customer_name(lang: Lang, rng: &mut StdRng) -> String {
    let names = bank(lang).first_names;
    let initial = (b'A' + rng.random_range(0..26u8)) as char;
    format!("{} {initial}.", names[rng.random_range(0..names.len())])
}

/// One message's text: from the customer or from the shop.
pub fn message(lang: Lang, from_shop: bool, rng: &mut StdRng) -> String {
    let b = bank(lang);
    let lines = if from_shop { b.shop } else { b.customer };
    let line = lines[rng.random_range(0..lines.len())];
    let product = b.products[rng.random_range(0..b.products.len())];
    let hour = format!(
        "{}:{:02}",
        rng.random_range(8..20),
        rng.random_range(0..4) * 15
    );
    line.replace("{p}", product).replace("{h}", &hour)
}
