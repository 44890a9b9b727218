"""The test run is offline: `tasks.py test` cuts the network (RNN_EXPECT_OFFLINE=1 is set then)."""

import os
import socket

import pytest


@pytest.mark.skipif(not os.environ.get("RNN_EXPECT_OFFLINE"), reason="network namespace not in use")
def test_network_is_unreachable():
    with pytest.raises(OSError):
        socket.create_connection(("pypi.org", 443), timeout=3)
    with pytest.raises(OSError):
        socket.create_connection(("151.101.0.223", 443), timeout=3)  # an address: no DNS needed


def test_loopback_works_for_kernels():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=3)
    client.close()
    server.close()
