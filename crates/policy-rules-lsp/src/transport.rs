//! The wire: `Content-Length` framed JSON-RPC messages over a byte stream, read and written on
//! threads of their own. A malformed message is logged and skipped; it never ends the session.

use std::io::{BufRead, ErrorKind, Write};
use std::thread::JoinHandle;

use crossbeam_channel::{Receiver, Sender};
use lsp_server::Message;

use crate::log;

/// Read messages from `input` until it ends, sending each on `to_server`.
pub fn reader(mut input: impl BufRead + Send + 'static, to_server: Sender<Message>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut malformed = 0usize;
        loop {
            match Message::read(&mut input) {
                Ok(Some(message)) => {
                    if log::enabled(log::Level::Debug) {
                        log!(Debug, "<- {}", summary(&message));
                    }
                    if to_server.send(message).is_err() {
                        return;
                    }
                }
                Ok(None) => return,
                Err(error) if error.kind() == ErrorKind::InvalidData => {
                    // The frame was read whole (or its header was bad): skip it and go on.
                    malformed += 1;
                    log!(Warn, "skipped a malformed message ({malformed} so far): {error}");
                }
                Err(error) => {
                    log!(Error, "cannot read from the client: {error}");
                    return;
                }
            }
        }
    })
}

/// Write every message received on `from_server` to `output`, flushing each.
pub fn writer(mut output: impl Write + Send + 'static, from_server: Receiver<Message>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        for message in from_server {
            if log::enabled(log::Level::Debug) {
                log!(Debug, "-> {}", summary(&message));
            }
            if let Err(error) = message.write(&mut output).and_then(|()| output.flush()) {
                log!(Error, "cannot write to the client: {error}");
                return;
            }
        }
    })
}

fn summary(message: &Message) -> String {
    match message {
        Message::Request(request) => format!("request {} {}", request.id, request.method),
        Message::Response(response) => format!("response {}", response.id),
        Message::Notification(notification) => format!("notification {}", notification.method),
    }
}
