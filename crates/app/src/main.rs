//! Entry point that Trunk builds: installs the panic panel and mounts the app.

fn main() {
    playground_app::start();
}
