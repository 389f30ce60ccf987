"""Futures: pykka.Future (the API) and ThreadingFuture (backed by the C++ core's future)."""

import asyncio
import functools
import sys

from pykka import _core

__all__ = ["Future", "ThreadingFuture", "get_all"]


class Future:
    """A handle to a value which is available now or in the future.

    Typically returned by calls to actor methods or accesses to actor fields. To get hold of the
    encapsulated value, call :meth:`Future.get` or ``await`` the future.
    """

    def __init__(self):
        super().__init__()
        self._get_hook = None
        self._get_hook_result = None

    def __repr__(self):
        return f"<pykka.future.{self.__class__.__name__} at {id(self):#x}>"

    def get(self, timeout=None):
        """Get the value encapsulated by the future.

        If the encapsulated value is an exception, it is raised instead of returned. If
        ``timeout`` is None, as default, the method blocks until it gets a reply, potentially
        forever; if it is a number, it waits at most ``timeout`` seconds, then raises
        :exc:`pykka.Timeout`. The value can be retrieved multiple times.
        """
        if self._get_hook is not None:
            if self._get_hook_result is None:
                self._get_hook_result = self._get_hook(timeout)
            return self._get_hook_result
        raise NotImplementedError

    def set(self, value=None):
        """Set the encapsulated value; raises if set is called multiple times."""
        raise NotImplementedError

    def set_exception(self, exc_info=None):
        """Set an exception as the encapsulated value.

        Pass an ``exc_info`` three-tuple as returned by :func:`sys.exc_info`, or nothing to use
        the exception currently being handled.
        """
        raise NotImplementedError

    def set_get_hook(self, func):
        """Set a function to be executed when :meth:`get` is called.

        The function is called with the ``timeout`` value as the only argument; its return
        value is returned from :meth:`get`.
        """
        self._get_hook = func

    def filter(self, func):
        """Return a new future with only the items passing the predicate function."""
        future = self.__class__()
        future.set_get_hook(lambda timeout: list(filter(func, self.get(timeout=timeout))))
        return future

    def join(self, *futures):
        """Return a new future with a list of the result of multiple futures."""
        future = self.__class__()
        future.set_get_hook(
            lambda timeout: [f.get(timeout=timeout) for f in [self, *futures]]
        )
        return future

    def map(self, func):
        """Pass the result of the future through a function."""
        future = self.__class__()
        future.set_get_hook(lambda timeout: func(self.get(timeout=timeout)))
        return future

    def reduce(self, func, *args):
        """reduce(func[, initial]): reduce a future's iterable result to a single value."""
        future = self.__class__()
        future.set_get_hook(
            lambda timeout: functools.reduce(func, self.get(timeout=timeout), *args)
        )
        return future

    def __await__(self):
        yield
        value = self.get()
        return value

    __iter__ = __await__


def _wake(waiter):
    if not waiter.done():
        waiter.set_result(None)


class ThreadingFuture(Future):
    """Implementation of :class:`Future` backed by the C++ core's future.

    Waiting releases the GIL. The future does not make a copy of the object which is set on
    it: it is the setter's responsibility to only pass immutable objects or make a copy.
    """

    def __init__(self, _core_future=None):
        super().__init__()
        self._core = _core.Future() if _core_future is None else _core_future

    def get(self, timeout=None):
        if self._get_hook is not None:
            return super().get(timeout=timeout)
        return self._core.get(timeout)

    def set(self, value=None):
        self._core.set(value)

    def set_exception(self, exc_info=None):
        assert exc_info is None or len(exc_info) == 3
        if exc_info is None:
            exc_info = sys.exc_info()
        exc_type, exc_value, exc_traceback = exc_info
        if exc_value is None:
            exc_value = exc_type()
        if exc_traceback is not None and exc_value.__traceback__ is not exc_traceback:
            exc_value = exc_value.with_traceback(exc_traceback)
        self._core.set_exception(exc_value)

    def __await__(self):
        if self._get_hook is None and not self._core.done():
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
            if loop is not None:
                # Suspend the task (not the event loop's thread) until the core completes the
                # future; the completing thread hands the wake-up to the loop.
                waiter = loop.create_future()

                def wake():
                    try:
                        loop.call_soon_threadsafe(_wake, waiter)
                    except RuntimeError:  # the loop was closed meanwhile
                        pass

                self._core.add_done_callback(wake)
                yield from waiter
                return self.get()
        yield
        return self.get()

    __iter__ = Future.__iter__


class _StopFuture(ThreadingFuture):
    """The future of a non-blocking stop: True if the actor stopped, False if already dead."""

    def set(self, value=None):
        raise RuntimeError("the future of a stop request is set by the actor")

    def set_exception(self, exc_info=None):
        raise RuntimeError("the future of a stop request is set by the actor")


def get_all(futures, timeout=None):
    """Collect all values encapsulated in the list of futures.

    If ``timeout`` is not None, each get waits at most ``timeout`` seconds, then raises
    :exc:`pykka.Timeout`.
    """
    return [future.get(timeout=timeout) for future in futures]
