//! Daily limits that say what they held back and can be raised for the day
//! (`study --extra-new N`, `--extra-reviews N`), and `study --tag T`.

use crate::support::Env;

/// A deck of `cards` plain cards allowing `new_per_day` new cards a day; odd cards are tagged
/// `odd`, even ones `even`.
fn limited_deck(env: &Env, cards: u32, new_per_day: u32) {
    let mut text = format!(
        "[deck]\nid = \"lim\"\ntitle = \"Limits\"\n[deck.schedule]\nnew_per_day = {new_per_day}\n"
    );
    for n in 0..cards {
        let tag = if n % 2 == 1 { "odd" } else { "even" };
        text.push_str(&format!(
            "[[card]]\nid = \"c{n}\"\nquestion = \"Q{n}?\"\nanswer = \"a{n}\"\ntags = [\"{tag}\"]\n"
        ));
    }
    env.write("decks/lim.toml", text);
}

#[test]
fn study_and_due_say_what_the_limits_held_back_and_how_to_get_more() {
    let env = Env::new();
    limited_deck(&env, 6, 2);
    let first = env.recall(["study"]).stdin("a0\na1\n").run();
    first
        .success()
        .stdout_has("Today's limits held back 4 new cards.")
        .stdout_has("\n  recall study --extra-new 2\n");
    // A deck allowing no new card: nothing is due, and the limit is why.
    let closed = Env::new();
    limited_deck(&closed, 6, 0);
    let nothing = closed.recall(["study", "lim"]).run();
    nothing
        .success()
        .stdout_has("Nothing is due right now.")
        .stdout_has("Today's limits held back 6 new cards.")
        .stdout_has("To study more today")
        .stdout_has("\n  recall study lim --extra-new 1\n");
    let due = env.recall(["due"]).run();
    due.success()
        .stdout_has("held back by today's limits: 4 new (limit 2)")
        .stdout_has("--extra-new N");
    let json = env.recall(["due", "--json"]).run().json();
    assert_eq!(json[0]["held_back"]["new"], 4);
    assert_eq!(json[0]["limits"]["new"], 2);
}

#[test]
fn extra_new_raises_todays_limit_until_the_day_ends() {
    let env = Env::new();
    limited_deck(&env, 6, 2);
    env.recall(["study"]).stdin("a0\na1\n").run().success();
    let raised = env
        .recall(["study", "--extra-new", "3"])
        .stdin("a2\n")
        .run();
    raised
        .success()
        .stdout_has("Today's limits for lim: 5 new (2 + 3 extra), 200 reviews.")
        .stdout_has("Q2?");
    // Kept for the rest of the day, by a later command too, and added to.
    let json = env.recall(["due", "--json"]).run().json();
    assert_eq!(json[0]["limits"]["new"], 5);
    assert_eq!(json[0]["limits"]["extra_new"], 3);
    assert_eq!(json[0]["new_today"], 2, "{json}");
    env.recall(["study", "--extra-new", "1", "--extra-reviews", "10"])
        .run()
        .success()
        .stdout_has("Today's limits for lim: 6 new (2 + 4 extra), 210 reviews (200 + 10 extra).");
    // The next day the deck's own limit is back.
    let tomorrow = env
        .recall(["due", "--json"])
        .env("RECALL_NOW", "2026-12-02T12:00:00Z")
        .run()
        .json();
    assert_eq!(tomorrow[0]["limits"]["new"], 2, "{tomorrow}");
    assert_eq!(tomorrow[0]["limits"]["extra_new"], 0);
}

#[test]
fn held_back_reviews_are_not_nothing_scheduled() {
    let env = Env::new();
    env.write(
        "decks/r.toml",
        "[deck]\nid = \"r\"\ntitle = \"R\"\n[deck.schedule]\nreviews_per_day = 1\n\
         [[card]]\nid = \"a\"\nquestion = \"A?\"\nanswer = \"a\"\n\
         [[card]]\nid = \"b\"\nquestion = \"B?\"\nanswer = \"b\"\n\
         [[card]]\nid = \"c\"\nquestion = \"C?\"\nanswer = \"c\"\n",
    );
    for card in ["r/a", "r/b", "r/c"] {
        env.recall(["rate", card, "easy"]).run().success();
    }
    // Weeks later all three are due; the limit allows one.
    let later = "2027-03-01T12:00:00Z";
    let due = env.recall(["due"]).env("RECALL_NOW", later).run();
    due.success()
        .stdout_has("now:   0 new, 0 learning, 1 review")
        .stdout_has("held back by today's limits: 2 reviews (limit 1)");
    assert!(!due.stdout.contains("nothing scheduled"), "{}", due.stdout);
    env.recall(["study", "--extra-reviews", "2"])
        .env("RECALL_NOW", later)
        .stdin("a\nb\nc\n")
        .run()
        .success()
        .stdout_has("3 answered");
}

#[test]
fn study_tag_keeps_cards_with_the_tag() {
    let env = Env::new();
    limited_deck(&env, 6, 10);
    let odd = env
        .recall(["study", "--tag", "odd"])
        .stdin("a1\na3\na5\n")
        .run();
    odd.success().stdout_has("Q1?").stdout_has("3 answered");
    assert!(!odd.stdout.contains("Q0?"), "{}", odd.stdout);
    let none = env.recall(["study", "--tag", "missing"]).run();
    none.success()
        .stdout_has("Nothing tagged missing is due right now.");
}
