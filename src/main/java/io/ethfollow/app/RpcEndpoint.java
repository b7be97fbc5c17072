package io.ethfollow.app;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.rpc.HistoryMethods;
import io.ethfollow.rpc.RpcAccess;
import io.ethfollow.rpc.RpcChain;
import io.ethfollow.rpc.RpcDispatcher;
import io.ethfollow.rpc.RpcLimits;
import io.ethfollow.rpc.RpcNodeState;
import io.ethfollow.rpc.RpcServer;
import io.ethfollow.store.BlockStore;
import io.ethfollow.sync.SyncConfig;
import java.net.InetSocketAddress;

/** Builds the JSON-RPC server over a store: the history methods, the dispatcher, the HTTP server. */
final class RpcEndpoint {
  private RpcEndpoint() {}

  /** {@code web3_clientVersion}, in geth's name/version/platform form. */
  static String clientVersion() {
    return "ethfollow/v" + Version.VERSION + "/java" + Runtime.version().feature();
  }

  static RpcServer start(
      InetSocketAddress address, ChainSpec spec, BlockStore store, RpcNodeState node) {
    RpcLimits limits = RpcLimits.DEFAULTS;
    // safe and finalized lie the rollback window below latest: the sync engine never rolls back further
    RpcChain chain = new RpcChain(store, SyncConfig.defaults().rollbackWindow());
    HistoryMethods methods = new HistoryMethods(chain, node, clientVersion(), spec, limits);
    RpcDispatcher dispatcher =
        new RpcDispatcher(methods.all(), limits.maxBatch(), limits.maxResponseBytes());
    return RpcServer.start(address, dispatcher, RpcAccess.LOCAL, RpcServer.httpLimits(limits));
  }
}
