import threading

import pykka

started = threading.Event()


def wait_forever():
    started.set()
    pykka.ThreadingFuture().get()


threading.Thread(target=wait_forever, daemon=True).start()
started.wait(10)
print("main done", flush=True)
