//! The live game's server: axum on a single-threaded tokio runtime of its own thread. It serves
//! the player page and one WebSocket per player, feeds what arrives to the [`Game`] (one task
//! owns it, so inputs are applied in arrival order and timing is measured here, on the
//! server), sends what the game answers, and hands what must be saved to a recorder thread.
//!
//! The teacher's screen runs on the caller's thread and talks to the game through a [`Server`]
//! handle: actions in, snapshots of the game out. Nothing here prints or touches the store.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::{mpsc, watch};

use super::game::{Audience, ConnId, Game, HostAction, HostView, Input, Record, Step};
use super::limits::{Bucket, PinGuard};
use super::protocol::{ClientMsg, MAX_CLIENT_MESSAGE, Refusal, SOCKET_PATH, ServerMsg};
use crate::time::Timestamp;

/// Connections beyond the player limit allowed at once (pages being reloaded, refused joins).
const SPARE_CONNECTIONS: usize = 50;
/// A connection that sends nothing this long after opening is closed.
const FIRST_MESSAGE_WITHIN: Duration = Duration::from_secs(30);
/// How often the server pings each player, and how long it waits for any sign of life.
const PING_EVERY: Duration = Duration::from_secs(10);
const SILENT_LIMIT: Duration = Duration::from_secs(35);
/// Messages waiting for one player before the connection counts as stuck and is closed.
const QUEUE_PER_PLAYER: usize = 64;
/// How often the teacher's snapshot is refreshed while a countdown runs.
const REFRESH: Duration = Duration::from_millis(200);

/// WebSocket close codes (RFC 6455).
const CLOSE_NORMAL: u16 = 1000;
const CLOSE_GOING_AWAY: u16 = 1001;
const CLOSE_UNSUPPORTED: u16 = 1003;
const CLOSE_POLICY: u16 = 1008;
const CLOSE_TOO_BIG: u16 = 1009;

/// The player page, built into the binary.
const INDEX_HTML: &str = include_str!("page/index.html");
const PLAYER_JS: &str = include_str!("page/player.js");
const PLAYER_CSS: &str = include_str!("page/player.css");

/// Saves what the game asks to save, in order, on a thread of its own.
pub trait Recorder: Send {
    /// Saves one record; an error is shown to the teacher and the game goes on.
    fn record(&mut self, record: &Record) -> Result<(), String>;
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(
        "cannot listen on {addr}: {source}; choose another --port (0 picks a free one) or --bind address"
    )]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot start the network runtime: {0}")]
    Runtime(std::io::Error),
}

/// A clock that starts at the command's `now` and runs on from there (so `--now` gives
/// reproducible dates while answer times stay real), with the matching monotonic instants for
/// the timers.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    start: Timestamp,
    instant: Instant,
}

impl Clock {
    pub fn starting_at(start: Timestamp) -> Clock {
        Clock {
            start,
            instant: Instant::now(),
        }
    }

    pub fn now(&self) -> Timestamp {
        self.start.plus(self.instant.elapsed())
    }

    fn instant_of(&self, at: Timestamp) -> Instant {
        self.instant + at.since(self.start)
    }
}

/// What the teacher's screen shows, refreshed by the server.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub view: HostView,
    /// The last word for the teacher ("nobody has joined yet", "removed Ali").
    pub notice: Option<String>,
    /// The last problem saving results, if any.
    pub problem: Option<String>,
    /// The server has stopped.
    pub closed: bool,
}

enum Control {
    Host(HostAction),
    Shutdown,
}

/// A running server.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    control: mpsc::UnboundedSender<Control>,
    snapshots: watch::Receiver<Snapshot>,
    thread: Option<std::thread::JoinHandle<()>>,
    recorder: Option<std::thread::JoinHandle<Vec<String>>>,
}

impl std::fmt::Debug for Control {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Control::Host(action) => write!(f, "Host({action:?})"),
            Control::Shutdown => f.write_str("Shutdown"),
        }
    }
}

/// Starts serving `game` on `bind` (port 0: any free port). Returns once the port is open.
pub fn start(
    game: Game,
    bind: SocketAddr,
    clock: Clock,
    mut recorder: Box<dyn Recorder>,
) -> Result<Server, StartError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(StartError::Runtime)?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(bind))
        .map_err(|source| StartError::Bind { addr: bind, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| StartError::Bind { addr: bind, source })?;

    let (records, saved) = std::sync::mpsc::channel::<Record>();
    let (problems, problems_in) = mpsc::unbounded_channel::<String>();
    let recorder = std::thread::spawn(move || {
        let mut failures = Vec::new();
        for record in saved {
            if let Err(problem) = recorder.record(&record) {
                let _ = problems.send(problem.clone());
                failures.push(problem);
            }
        }
        failures
    });

    let (control, control_in) = mpsc::unbounded_channel();
    let (snapshots_out, snapshots) = watch::channel(Snapshot {
        view: game.view(clock.now()),
        notice: None,
        problem: None,
        closed: false,
    });
    let max_players = game.max_players();
    let (events, events_in) = mpsc::channel(1024);
    let shared = Arc::new(Shared {
        events,
        clock,
        next_conn: AtomicU64::new(1),
        connections: AtomicUsize::new(0),
        max_connections: max_players.saturating_add(SPARE_CONNECTIONS),
    });
    let thread = std::thread::spawn(move || {
        runtime.block_on(async move {
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let app = router(shared);
            let serving = tokio::spawn(async move {
                let _ = axum::serve(
                    listener,
                    app.into_make_service_with_connect_info::<SocketAddr>(),
                )
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
            });
            let actor = Actor {
                game,
                clock,
                conns: HashMap::new(),
                guard: PinGuard::default(),
                records,
                snapshots: snapshots_out,
                notice: None,
                problem: None,
                lobby: None,
            };
            actor.run(events_in, control_in, problems_in).await;
            let _ = stop.send(());
            let _ = tokio::time::timeout(Duration::from_secs(2), serving).await;
        });
    });
    Ok(Server {
        addr,
        control,
        snapshots,
        thread: Some(thread),
        recorder: Some(recorder),
    })
}

impl Server {
    /// Where the server listens (with the port chosen when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Passes a teacher's action to the game.
    pub fn act(&self, action: HostAction) {
        let _ = self.control.send(Control::Host(action));
    }

    /// The game as it stands.
    pub fn snapshot(&self) -> Snapshot {
        self.snapshots.borrow().clone()
    }

    /// Whether the game changed since the last [`Server::snapshot_if_changed`].
    pub fn snapshot_if_changed(&mut self) -> Option<Snapshot> {
        match self.snapshots.has_changed() {
            Ok(true) => Some(self.snapshots.borrow_and_update().clone()),
            Ok(false) => None,
            // The server stopped: its last snapshot says so.
            Err(_) => {
                let mut last = self.snapshots.borrow().clone();
                if last.closed {
                    None
                } else {
                    last.closed = true;
                    Some(last)
                }
            }
        }
    }

    /// Stops the server: players are disconnected, every record is saved. Returns the
    /// problems met while saving.
    pub fn shutdown(mut self) -> Vec<String> {
        self.stop()
    }

    fn stop(&mut self) -> Vec<String> {
        // Whatever stops the server ends the game first, so every attempt is closed.
        let _ = self.control.send(Control::Host(HostAction::End));
        let _ = self.control.send(Control::Shutdown);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        self.recorder
            .take()
            .and_then(|recorder| recorder.join().ok())
            .unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// What connections share.
#[derive(Debug)]
struct Shared {
    events: mpsc::Sender<Event>,
    clock: Clock,
    next_conn: AtomicU64,
    connections: AtomicUsize,
    max_connections: usize,
}

/// What a connection tells the game's task.
#[derive(Debug)]
enum Event {
    Opened {
        conn: ConnId,
        address: IpAddr,
        out: mpsc::Sender<Outgoing>,
    },
    Message {
        conn: ConnId,
        msg: ClientMsg,
    },
    Closed {
        conn: ConnId,
    },
}

/// What the game's task tells a connection.
#[derive(Debug, Clone)]
enum Outgoing {
    Text(Utf8Bytes),
    Close(u16, &'static str),
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(
            "/",
            get(|| async { page(INDEX_HTML, "text/html; charset=utf-8") }),
        )
        .route(
            "/player.js",
            get(|| async { page(PLAYER_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/player.css",
            get(|| async { page(PLAYER_CSS, "text/css; charset=utf-8") }),
        )
        .route(SOCKET_PATH, get(upgrade))
        .fallback(|| async { (StatusCode::NOT_FOUND, "not found") })
        .with_state(shared)
}

/// A page with headers that keep it to itself: scripts and styles only from this server, no
/// framing, no referrer, nothing cached (a new game may be on the same address tomorrow).
fn page(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
                 img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// Opens a player's WebSocket: same-origin pages only (a browser always says where the page
/// came from; the terminal client sends no origin), within the connection limit.
async fn upgrade(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if let Some(origin) = headers.get(header::ORIGIN)
        && !same_origin(origin, headers.get(header::HOST))
    {
        return (StatusCode::FORBIDDEN, "this game only accepts its own page").into_response();
    }
    let open = shared.connections.fetch_add(1, Ordering::SeqCst);
    if open >= shared.max_connections {
        shared.connections.fetch_sub(1, Ordering::SeqCst);
        return (StatusCode::SERVICE_UNAVAILABLE, "too many connections").into_response();
    }
    let conn = shared.next_conn.fetch_add(1, Ordering::Relaxed);
    ws.max_message_size(MAX_CLIENT_MESSAGE)
        .max_frame_size(MAX_CLIENT_MESSAGE)
        .on_upgrade(move |socket| async move {
            connection(socket, conn, peer.ip(), &shared).await;
            shared.connections.fetch_sub(1, Ordering::SeqCst);
        })
}

fn same_origin(origin: &HeaderValue, host: Option<&HeaderValue>) -> bool {
    let (Ok(origin), Some(Ok(host))) = (origin.to_str(), host.map(HeaderValue::to_str)) else {
        return false;
    };
    origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .is_some_and(|rest| rest.eq_ignore_ascii_case(host))
}

/// One player's connection: messages in (size- and rate-limited, parsed) to the game's task,
/// messages out from it, pings to notice a phone that has gone away.
async fn connection(mut socket: WebSocket, conn: ConnId, address: IpAddr, shared: &Shared) {
    let (out, mut outgoing) = mpsc::channel(QUEUE_PER_PLAYER);
    if shared
        .events
        .send(Event::Opened { conn, address, out })
        .await
        .is_err()
    {
        return;
    }
    let mut bucket = Bucket::for_messages(shared.clock.now());
    let opened = tokio::time::Instant::now();
    let mut last_heard = opened;
    let mut heard_anything = false;
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    let close = loop {
        tokio::select! {
            incoming = socket.recv() => {
                let message = match incoming {
                    None | Some(Ok(Message::Close(_))) => break None,
                    Some(Err(error)) => break Some(close_for(&error)),
                    Some(Ok(message)) => message,
                };
                last_heard = tokio::time::Instant::now();
                let text = match message {
                    Message::Text(text) => text,
                    Message::Ping(_) | Message::Pong(_) => continue,
                    Message::Binary(_) => break Some((CLOSE_UNSUPPORTED, "send text messages")),
                    Message::Close(_) => break None,
                };
                heard_anything = true;
                if !bucket.take(shared.clock.now()) {
                    break Some((CLOSE_POLICY, "too many messages"));
                }
                match ClientMsg::parse(text.as_str()) {
                    Ok(msg) => {
                        if shared.events.send(Event::Message { conn, msg }).await.is_err() {
                            break Some((CLOSE_GOING_AWAY, "the game is over"));
                        }
                    }
                    Err(error) => {
                        let reply = ServerMsg::Error { message: error.to_string() }.to_json();
                        let _ = socket.send(Message::Text(reply.into())).await;
                        break Some((CLOSE_POLICY, "not a recall message"));
                    }
                }
            }
            out = outgoing.recv() => match out {
                Some(Outgoing::Text(text)) => {
                    if socket.send(Message::Text(text)).await.is_err() {
                        break None;
                    }
                }
                Some(Outgoing::Close(code, reason)) => break Some((code, reason)),
                // The game let go of this connection (it was stuck, or the server stops).
                None => break Some((CLOSE_GOING_AWAY, "the game is over")),
            },
            _ = ping.tick() => {
                let silent = last_heard.elapsed();
                if silent > SILENT_LIMIT || (!heard_anything && opened.elapsed() > FIRST_MESSAGE_WITHIN) {
                    break Some((CLOSE_POLICY, "no answer from this player"));
                }
                if socket.send(Message::Ping(Vec::new().into())).await.is_err() {
                    break None;
                }
            }
        }
    };
    if let Some((code, reason)) = close {
        let frame = CloseFrame {
            code,
            reason: reason.into(),
        };
        let _ = socket.send(Message::Close(Some(frame))).await;
    }
    let _ = shared.events.send(Event::Closed { conn }).await;
}

/// The close code for a failed read: a message over the size limit gets 1009.
fn close_for(error: &axum::Error) -> (u16, &'static str) {
    let text = error.to_string();
    if text.contains("too long") || text.contains("too big") || text.contains("Space limit") {
        (CLOSE_TOO_BIG, "message too big")
    } else {
        (CLOSE_POLICY, "broken message")
    }
}

/// A connection as the game's task knows it.
#[derive(Debug)]
struct Conn {
    address: IpAddr,
    out: mpsc::Sender<Outgoing>,
}

/// The task that owns the game.
struct Actor {
    game: Game,
    clock: Clock,
    conns: HashMap<ConnId, Conn>,
    guard: PinGuard,
    records: std::sync::mpsc::Sender<Record>,
    snapshots: watch::Sender<Snapshot>,
    notice: Option<String>,
    problem: Option<String>,
    /// The latest lobby count, waiting for the next refresh.
    lobby: Option<ServerMsg>,
}

impl Actor {
    async fn run(
        mut self,
        mut events: mpsc::Receiver<Event>,
        mut control: mpsc::UnboundedReceiver<Control>,
        mut problems: mpsc::UnboundedReceiver<String>,
    ) {
        let mut refresh = tokio::time::interval(REFRESH);
        refresh.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let far = Duration::from_hours(24);
        let stop = stop_signal();
        tokio::pin!(stop);
        loop {
            let deadline = self.game.deadline().map(|at| self.clock.instant_of(at));
            let wake =
                tokio::time::Instant::from_std(deadline.unwrap_or_else(|| Instant::now() + far));
            let input = tokio::select! {
                Some(event) = events.recv() => self.event(event),
                () = &mut stop => {
                    // A hang-up (the teacher's terminal closed), Ctrl-C or a termination
                    // request: end the game, keep its results, stop.
                    let step = self.game.apply(Input::Host(HostAction::End), self.clock.now());
                    self.dispatch(step);
                    break;
                }
                action = control.recv() => match action {
                    Some(Control::Host(action)) => Some(Input::Host(action)),
                    Some(Control::Shutdown) | None => break,
                },
                () = tokio::time::sleep_until(wake), if deadline.is_some() => Some(Input::Tick),
                Some(problem) = problems.recv() => {
                    self.problem = Some(problem);
                    self.publish();
                    None
                }
                _ = refresh.tick() => {
                    if let Some(lobby) = self.lobby.take() {
                        self.broadcast(&lobby, false);
                    }
                    if matches!(self.game.view(self.clock.now()).stage, super::game::Stage::Question { .. }) {
                        self.publish();
                    }
                    None
                }
            };
            if let Some(input) = input {
                let conn = match &input {
                    Input::Join { conn, .. } => Some(*conn),
                    _ => None,
                };
                let from_teacher = matches!(input, Input::Host(_));
                let step = self.game.apply(input, self.clock.now());
                if let Some(conn) = conn {
                    self.count_wrong_pin(conn, &step);
                }
                if from_teacher {
                    // A notice lasts until the teacher's next key.
                    self.notice = None;
                }
                self.dispatch(step);
                // Let the connections send what was queued before the next input: a burst of
                // joins or answers must not starve them.
                tokio::task::yield_now().await;
            }
        }
        // Stopping: say goodbye to every player, then let the server go.
        for conn in self.conns.values() {
            let _ = conn
                .out
                .try_send(Outgoing::Close(CLOSE_GOING_AWAY, "the game is over"));
        }
        self.conns.clear();
        self.snapshots
            .send_modify(|snapshot| snapshot.closed = true);
    }

    /// Turns a connection's event into a game input (or handles it here: the PIN guard).
    fn event(&mut self, event: Event) -> Option<Input> {
        match event {
            Event::Opened { conn, address, out } => {
                self.conns.insert(conn, Conn { address, out });
                None
            }
            Event::Closed { conn } => {
                self.conns.remove(&conn);
                Some(Input::Left { conn })
            }
            Event::Message { conn, msg } => match msg {
                ClientMsg::Join {
                    v,
                    pin,
                    name,
                    token,
                } => {
                    let address = self.conns.get(&conn)?.address;
                    if !self.guard.allows(address, self.clock.now()) {
                        self.send(
                            conn,
                            &ServerMsg::Refused {
                                reason: Refusal::TooManyTries,
                                message: "too many wrong PINs: wait a minute and try again".into(),
                            },
                        );
                        return None;
                    }
                    Some(Input::Join {
                        conn,
                        v,
                        pin,
                        name,
                        token,
                        new_token: random_token(),
                    })
                }
                ClientMsg::Answer {
                    question,
                    choice,
                    text,
                } => Some(Input::Answer {
                    conn,
                    question,
                    choice,
                    text,
                }),
            },
        }
    }

    fn count_wrong_pin(&mut self, conn: ConnId, step: &Step) {
        let wrong = step.outgoing.iter().any(|o| {
            o.to == Audience::Conn(conn)
                && matches!(
                    o.msg,
                    ServerMsg::Refused {
                        reason: Refusal::Pin,
                        ..
                    }
                )
        });
        if wrong && let Some(address) = self.conns.get(&conn).map(|c| c.address) {
            self.guard.failed(address, self.clock.now());
        }
    }

    /// Sends what the game said, hands over what to save, and refreshes the teacher's screen.
    fn dispatch(&mut self, step: Step) {
        for record in step.records {
            let _ = self.records.send(record);
        }
        for outgoing in &step.outgoing {
            match (outgoing.to, &outgoing.msg) {
                (Audience::Conn(conn), msg) => self.send(conn, msg),
                // The count in the lobby changes with every join: sent at most five times a
                // second, the latest count only (200 joins must not queue 40,000 messages).
                (Audience::Players, msg @ ServerMsg::Lobby { .. }) => {
                    self.lobby = Some(msg.clone());
                }
                (Audience::Players, msg) => {
                    // Anything else moves the game on: a pending lobby count is stale.
                    self.lobby = None;
                    self.broadcast(msg, true);
                }
            }
        }
        if step.notice.is_some() {
            self.notice = step.notice;
        }
        self.publish();
    }

    /// Sends a message to every player. An essential one closes a connection whose queue is
    /// full (the player can rejoin); an informational one is skipped for it.
    fn broadcast(&mut self, msg: &ServerMsg, essential: bool) {
        let text = Utf8Bytes::from(msg.to_json());
        let conns: Vec<ConnId> = self.game.player_conns().collect();
        for conn in conns {
            if essential {
                self.deliver(conn, Outgoing::Text(text.clone()));
            } else if let Some(c) = self.conns.get(&conn) {
                let _ = c.out.try_send(Outgoing::Text(text.clone()));
            }
        }
    }

    fn send(&mut self, conn: ConnId, msg: &ServerMsg) {
        self.deliver(conn, Outgoing::Text(Utf8Bytes::from(msg.to_json())));
        if msg.is_final() {
            let code = if matches!(msg, ServerMsg::Replaced) {
                CLOSE_NORMAL
            } else {
                CLOSE_POLICY
            };
            self.deliver(conn, Outgoing::Close(code, "see the last message"));
            self.conns.remove(&conn);
        }
    }

    /// Queues a message for a connection; one whose queue is full is stuck and is let go
    /// (its player can rejoin).
    fn deliver(&mut self, conn: ConnId, outgoing: Outgoing) {
        let stuck = match self.conns.get(&conn) {
            Some(c) => c.out.try_send(outgoing).is_err(),
            None => false,
        };
        if stuck {
            self.conns.remove(&conn);
        }
    }

    fn publish(&self) {
        let view = self.game.view(self.clock.now());
        let notice = self.notice.clone();
        let problem = self.problem.clone();
        self.snapshots.send_modify(|snapshot| {
            snapshot.view = view;
            snapshot.notice = notice;
            snapshot.problem = problem;
        });
    }
}

/// Resolves when the process is asked to stop: a hang-up, an interrupt or a termination.
#[cfg(unix)]
async fn stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut hangup), Ok(mut interrupt), Ok(mut terminate)) = (
        signal(SignalKind::hangup()),
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = hangup.recv() => {}
        _ = interrupt.recv() => {}
        _ = terminate.recv() => {}
    }
}

#[cfg(not(unix))]
async fn stop_signal() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// A random token for a new player (128 bits from the operating system, as hex).
pub fn random_token() -> String {
    let mut bytes = [0_u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No system randomness (never seen on the platforms recall runs on): the clock's
        // nanoseconds and a counter still make tokens unique, if guessable.
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let a = crate::text::stable_hash(&[&nanos.to_le_bytes(), &count.to_le_bytes()]);
        let b = crate::text::stable_hash(&[&a.to_le_bytes(), &nanos.to_be_bytes()]);
        bytes[..8].copy_from_slice(&a.to_le_bytes());
        bytes[8..].copy_from_slice(&b.to_le_bytes());
    }
    bytes.iter().fold(String::with_capacity(32), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

/// A random six-digit game PIN (never starting with 0, so it reads as a number).
pub fn random_pin() -> String {
    let mut bytes = [0_u8; 8];
    let value = if getrandom::fill(&mut bytes).is_ok() {
        u64::from_le_bytes(bytes)
    } else {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        crate::text::stable_hash(&[&nanos.to_le_bytes()])
    };
    (100_000 + value % 900_000).to_string()
}

/// This machine's address on the local network: the one it would use to reach another
/// network (no packet is sent), for the join link when listening on every address.
pub fn lan_address() -> Option<IpAddr> {
    for probe in [
        "192.0.2.1:9",
        "10.255.255.255:9",
        "172.31.255.255:9",
        "192.168.255.255:9",
    ] {
        let Ok(socket) = std::net::UdpSocket::bind("0.0.0.0:0") else {
            return None;
        };
        if socket.connect(probe).is_ok()
            && let Ok(local) = socket.local_addr()
            && !local.ip().is_unspecified()
            && !local.ip().is_loopback()
        {
            return Some(local.ip());
        }
    }
    None
}

/// The address players should use: the bound one, or this machine's LAN address when bound to
/// every address (loopback when it cannot be found).
pub fn join_host(bound: SocketAddr) -> (IpAddr, bool) {
    if bound.ip().is_unspecified() {
        match lan_address() {
            Some(ip) => (ip, true),
            None => (IpAddr::from([127, 0, 0, 1]), false),
        }
    } else {
        (bound.ip(), true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_player_page_names_every_kind_not_answered_by_plain_typing() {
        // The browser page reads a question's kind by name, where the compiler cannot see it:
        // a kind answered by options, or that says what the reply must be, needs its words
        // there (a kind it does not name is asked as free text).
        for kind in crate::deck::Kind::ALL {
            let spec = kind.spec();
            if spec.asked != crate::deck::Asked::Typed || spec.expects.is_some() {
                assert!(
                    PLAYER_JS.contains(&format!("'{kind}'")),
                    "page/player.js does not name {kind}"
                );
            }
        }
    }

    #[test]
    fn only_the_games_own_page_may_open_a_socket() {
        let host = HeaderValue::from_static("192.168.1.20:7878");
        let cases = [
            ("http://192.168.1.20:7878", true),
            ("https://192.168.1.20:7878", true),
            ("http://192.168.1.20:7879", false),
            ("http://evil.example", false),
            ("null", false),
            ("192.168.1.20:7878", false),
        ];
        for (origin, allowed) in cases {
            assert_eq!(
                same_origin(&HeaderValue::from_static(origin), Some(&host)),
                allowed,
                "{origin}"
            );
        }
        assert!(!same_origin(&HeaderValue::from_static("http://x"), None));
    }

    #[test]
    fn pins_have_six_digits_and_tokens_are_fresh() {
        for _ in 0..100 {
            let pin = random_pin();
            assert_eq!(pin.len(), 6, "{pin}");
            assert!(pin.bytes().all(|b| b.is_ascii_digit()) && !pin.starts_with('0'));
        }
        let a = random_token();
        assert_eq!(a.len(), 32);
        assert_ne!(a, random_token());
    }
}
