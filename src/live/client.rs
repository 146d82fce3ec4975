//! The player's side of the protocol for `recall join`: finding the game from the link the
//! teacher shows, one WebSocket (tungstenite) on a thread of its own, and rejoining with the
//! player's token when the connection drops. No terminal: `ui::live` shows what arrives.

use std::io::ErrorKind;
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::time::{Duration, Instant};

use tungstenite::Message;
use tungstenite::protocol::WebSocketConfig;

use super::protocol::{ClientMsg, Refusal, SOCKET_PATH, ServerMsg, VERSION};

/// How long connecting (and the WebSocket handshake) may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How often the network thread looks for answers to send while waiting for messages.
const POLL: Duration = Duration::from_millis(20);
/// How long to keep trying to rejoin after the connection drops, and how often.
const REJOIN_FOR: Duration = Duration::from_mins(1);
const REJOIN_EVERY: Duration = Duration::from_secs(2);

/// Why joining failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(
        "`{0}` is not a game link; type it as the teacher's screen shows it, e.g. http://192.168.1.20:7878"
    )]
    Url(String),
    #[error(
        "`{0}` is an https link; recall games run on plain http on the local network (type http://…)"
    )]
    Https(String),
    #[error(
        "cannot reach the game at {addr}: {reason}; check the link and that you are on the room's network"
    )]
    Connect { addr: String, reason: String },
}

/// Where a game is, from the link the teacher shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `host:port`.
    pub authority: String,
    /// The PIN, when the link carries it (`#pin=123456`, as in the QR code).
    pub pin: Option<String>,
}

impl Target {
    /// Reads `http://host:port/`, `http://host:port/#pin=123456`, `host:port` or a `ws://` link.
    pub fn parse(link: &str) -> Result<Target, ClientError> {
        let trimmed = link.trim();
        let lower = trimmed.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("wss://") {
            return Err(ClientError::Https(link.to_owned()));
        }
        let rest = ["http://", "ws://"]
            .iter()
            .find_map(|scheme| lower.starts_with(scheme).then(|| &trimmed[scheme.len()..]))
            .unwrap_or(trimmed);
        let (before_fragment, fragment) = match rest.split_once('#') {
            Some((before, fragment)) => (before, Some(fragment)),
            None => (rest, None),
        };
        let authority = before_fragment
            .split(['/', '?'])
            .next()
            .unwrap_or_default()
            .to_owned();
        let host_ok = !authority.is_empty()
            && authority
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        if !host_ok {
            return Err(ClientError::Url(link.to_owned()));
        }
        let authority = if authority.contains(':') && !authority.ends_with(']') {
            authority
        } else {
            format!("{authority}:80")
        };
        let pin = fragment
            .map(|f| f.strip_prefix("pin=").unwrap_or(f))
            .filter(|pin| !pin.is_empty() && pin.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_owned);
        Ok(Target { authority, pin })
    }

    fn socket_url(&self) -> String {
        format!("ws://{}{SOCKET_PATH}", self.authority)
    }
}

/// What the network thread reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetEvent {
    Message(ServerMsg),
    /// The connection ended (closed by the server, or dropped).
    Closed,
}

/// One WebSocket to the game, served by a thread: messages to send in, events out.
#[derive(Debug)]
struct Connection {
    outgoing: Sender<ClientMsg>,
    incoming: Receiver<NetEvent>,
}

fn open(target: &Target) -> Result<Connection, ClientError> {
    let failed = |reason: String| ClientError::Connect {
        addr: target.authority.clone(),
        reason,
    };
    let addr = target
        .authority
        .to_socket_addrs()
        .map_err(|e| failed(e.to_string()))?
        .next()
        .ok_or_else(|| failed("no such address".into()))?;
    let stream =
        TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT).map_err(|e| failed(e.to_string()))?;
    stream
        .set_read_timeout(Some(CONNECT_TIMEOUT))
        .and_then(|()| stream.set_write_timeout(Some(CONNECT_TIMEOUT)))
        .and_then(|()| stream.set_nodelay(true))
        .map_err(|e| failed(e.to_string()))?;
    let config = WebSocketConfig::default()
        .max_message_size(Some(1 << 20))
        .max_frame_size(Some(1 << 20));
    let (mut socket, _) =
        tungstenite::client::client_with_config(target.socket_url(), stream, Some(config))
            .map_err(|e| failed(e.to_string()))?;
    socket
        .get_mut()
        .set_read_timeout(Some(POLL))
        .map_err(|e| failed(e.to_string()))?;
    let (outgoing, to_send) = mpsc::channel::<ClientMsg>();
    let (events, incoming) = mpsc::channel();
    std::thread::spawn(move || {
        loop {
            loop {
                match to_send.try_recv() {
                    Ok(msg) => {
                        if socket.send(Message::text(msg.to_json())).is_err() {
                            let _ = events.send(NetEvent::Closed);
                            return;
                        }
                    }
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        let _ = socket.close(None);
                        let _ = socket.flush();
                        return;
                    }
                }
            }
            match socket.read() {
                Ok(Message::Text(text)) => {
                    if let Ok(msg) = ServerMsg::parse(text.as_str())
                        && events.send(NetEvent::Message(msg)).is_err()
                    {
                        return;
                    }
                }
                Ok(_) => {}
                // Interrupted: a signal (a terminal resized) cut the wait short; nothing is lost.
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                    ) => {}
                Err(_) => {
                    let _ = events.send(NetEvent::Closed);
                    return;
                }
            }
        }
    });
    Ok(Connection { outgoing, incoming })
}

/// What the player sees happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    Message(ServerMsg),
    /// The connection dropped; trying to rejoin.
    Reconnecting,
    /// Gave up: the connection ended and could not be restored (or ended for good).
    Ended,
}

/// What became of the player's token, for whoever keeps it between runs (`live::seats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenChange<'a> {
    /// The server welcomed the player with this token: keep it to rejoin.
    Given(&'a str),
    /// The token is no use any more: the game is over, or the teacher removed the player.
    Spent,
}

/// Told each [`TokenChange`].
type TokenKeeper = Box<dyn FnMut(TokenChange<'_>)>;

/// A player in a game: joins, sends answers, and rejoins with its token after a drop.
pub struct Player {
    target: Target,
    pin: String,
    name: String,
    token: Option<String>,
    keeper: Option<TokenKeeper>,
    connection: Option<Connection>,
    /// The server said goodbye for good (over, kicked, refused, replaced).
    finished: bool,
    lost_since: Option<Instant>,
    next_try: Instant,
}

impl std::fmt::Debug for Player {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Player")
            .field("target", &self.target)
            .field("name", &self.name)
            .field("joined", &self.token.is_some())
            .field("connected", &self.connection.is_some())
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl Player {
    /// Connects and asks to join, or to rejoin as the player `kept` (a token an earlier run
    /// was given: the server keeps that player's score; a token it does not know joins
    /// afresh). The answer comes as the first [`Update`].
    pub fn join(
        target: Target,
        pin: &str,
        name: &str,
        kept: Option<String>,
    ) -> Result<Player, ClientError> {
        let connection = open(&target)?;
        let player = Player {
            target,
            pin: pin.to_owned(),
            name: name.to_owned(),
            token: kept.filter(|token| !token.is_empty()),
            keeper: None,
            connection: Some(connection),
            finished: false,
            lost_since: None,
            next_try: Instant::now(),
        };
        player.send(ClientMsg::Join {
            v: VERSION,
            pin: player.pin.clone(),
            name: player.name.clone(),
            token: player.token.clone(),
        });
        Ok(player)
    }

    /// Has `keeper` told when the server gives this player a token and when it is spent, so
    /// that a later run can rejoin as the same player.
    pub fn keep_token_with(&mut self, keeper: impl FnMut(TokenChange<'_>) + 'static) {
        self.keeper = Some(Box::new(keeper));
    }

    fn tell_keeper(&mut self, change: TokenChange<'_>) {
        if let Some(keeper) = &mut self.keeper {
            keeper(change);
        }
    }

    fn send(&self, msg: ClientMsg) {
        if let Some(connection) = &self.connection {
            let _ = connection.outgoing.send(msg);
        }
    }

    /// Sends an answer to question `question`.
    pub fn answer(&self, question: usize, choice: Option<usize>, text: Option<String>) {
        self.send(ClientMsg::Answer {
            question,
            choice,
            text,
        });
    }

    /// The next thing that happened, waiting at most `timeout`.
    pub fn next(&mut self, timeout: Duration) -> Option<Update> {
        let Some(connection) = &self.connection else {
            return self.rejoin();
        };
        let event = match connection.incoming.recv_timeout(timeout) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => return None,
            Err(RecvTimeoutError::Disconnected) => NetEvent::Closed,
        };
        match event {
            NetEvent::Message(msg) => {
                match &msg {
                    ServerMsg::Welcome { token, .. } => {
                        self.token = Some(token.clone());
                        self.lost_since = None;
                        self.tell_keeper(TokenChange::Given(token));
                    }
                    ServerMsg::Over(_)
                    | ServerMsg::Kicked { .. }
                    | ServerMsg::Refused {
                        reason: Refusal::Kicked | Refusal::Over,
                        ..
                    } => {
                        self.finished = true;
                        self.tell_keeper(TokenChange::Spent);
                    }
                    msg if msg.is_final() => self.finished = true,
                    _ => {}
                }
                Some(Update::Message(msg))
            }
            NetEvent::Closed => {
                self.connection = None;
                if self.finished || self.token.is_none() {
                    return Some(Update::Ended);
                }
                self.lost_since = Some(Instant::now());
                self.next_try = Instant::now() + REJOIN_EVERY;
                Some(Update::Reconnecting)
            }
        }
    }

    fn rejoin(&mut self) -> Option<Update> {
        let lost = self.lost_since?;
        if lost.elapsed() > REJOIN_FOR {
            self.lost_since = None;
            return Some(Update::Ended);
        }
        let wait = self.next_try.saturating_duration_since(Instant::now());
        std::thread::sleep(wait.min(POLL * 5));
        if Instant::now() < self.next_try {
            return None;
        }
        self.next_try = Instant::now() + REJOIN_EVERY;
        if let Ok(connection) = open(&self.target) {
            self.connection = Some(connection);
            self.send(ClientMsg::Join {
                v: VERSION,
                pin: self.pin.clone(),
                name: self.name.clone(),
                token: self.token.clone(),
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn game_links_are_read_as_the_teacher_shows_them() {
        let cases = [
            ("http://192.168.1.20:7878", "192.168.1.20:7878", None),
            ("http://192.168.1.20:7878/", "192.168.1.20:7878", None),
            (
                "HTTP://192.168.1.20:7878/#pin=482913",
                "192.168.1.20:7878",
                Some("482913"),
            ),
            (
                "192.168.1.20:7878#482913",
                "192.168.1.20:7878",
                Some("482913"),
            ),
            ("ws://127.0.0.1:9/ws", "127.0.0.1:9", None),
            ("classroom.local", "classroom.local:80", None),
            ("http://[::1]:7878/", "[::1]:7878", None),
            ("http://h:1/#pin=abc", "h:1", None),
        ];
        for (link, authority, pin) in cases {
            let target = Target::parse(link).expect(link);
            assert_eq!(target.authority, authority, "{link}");
            assert_eq!(target.pin.as_deref(), pin, "{link}");
        }
        for bad in ["", "http://", "http://bad host/", "http://a\u{1b}b/"] {
            assert!(
                matches!(Target::parse(bad), Err(ClientError::Url(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            Target::parse("https://x:1"),
            Err(ClientError::Https(_))
        ));
    }
}
