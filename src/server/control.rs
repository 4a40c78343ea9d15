//! The control socket: `padvinder users …` and `padvinder store backup|check|sweep` send their
//! command here while this server has the store open (sled allows one process). The socket lives
//! in the store folder with mode 0600: whoever may use it may read the store's files anyway.

use std::path::Path;
use std::sync::Arc;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};

use crate::workspace::Workspace;
use crate::workspace::control::{self, Command, Outcome, SOCKET};

/// The longest command line read (a user with a long password fits many times).
const MAX_LINE: u64 = 64 * 1024;

/// Binds the socket (replacing a stale one: this process holds the store's lock) and answers
/// commands until the server stops.
pub fn listen(store_dir: &Path, workspace: Arc<Workspace>) -> Result<(), String> {
    let path = store_dir.join(SOCKET);
    let _ = std::fs::remove_file(&path);
    let listener = UnixListener::bind(&path)
        .map_err(|e| format!("cannot open the control socket {}: {e}", path.display()))?;
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(answer(stream, Arc::clone(&workspace)));
        }
    });
    Ok(())
}

async fn answer(stream: UnixStream, workspace: Arc<Workspace>) {
    let (read, mut write) = stream.into_split();
    let mut line = String::new();
    let read = BufReader::new(read.take(MAX_LINE))
        .read_line(&mut line)
        .await;
    let outcome = match read.map(|_| serde_json::from_str::<Command>(&line)) {
        Ok(Ok(command)) => {
            // Only the command's kind is logged: a user's name or password never is.
            let kind = serde_json::to_value(&command)
                .ok()
                .and_then(|v| v.get("command").and_then(|c| c.as_str()).map(str::to_owned))
                .unwrap_or_default();
            tracing::info!(command = %kind, "control command");
            tokio::task::spawn_blocking(move || {
                control::run(&workspace, command, time::OffsetDateTime::now_utc())
            })
            .await
            .unwrap_or_else(|e| Outcome {
                ok: false,
                text: e.to_string(),
            })
        }
        Ok(Err(e)) => Outcome {
            ok: false,
            text: format!("not a command: {e}"),
        },
        Err(e) => Outcome {
            ok: false,
            text: e.to_string(),
        },
    };
    let mut bytes = serde_json::to_vec(&outcome).unwrap_or_default();
    bytes.push(b'\n');
    let _ = write.write_all(&bytes).await;
}
