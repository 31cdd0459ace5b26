package io.github.tornadoserver.benchmarks;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;

/**
 * The Netty 4.2 baseline: the same answers as {@link TornadoHelloServer} through {@link
 * HttpServerCodec}, on the NIO transport with one event loop thread. Responses are written without
 * flushing in {@code channelRead} and flushed once per read batch in {@code channelReadComplete},
 * the usual way to serve pipelined requests. Like ours, it sends a {@code Date} header (RFC 9110
 * section 6.6.1), formatted once a second, so both servers send the same bytes. Usage: {@code
 * NettyHelloServer <port> [options] [keyStore password]}; binds 127.0.0.1.
 *
 * <p>Options, comma-separated: {@code tls} serves TLS 1.3 only through the JDK's {@code SSLEngine}
 * ({@link SslProvider#JDK}), with {@link BulkBody#TLS_CIPHER}, the PKCS#12 key store and password
 * that follow the options; {@code threads=N} runs N event loop threads in the one group that both
 * accepts and serves (the listening channel lives on one of them; connections are spread over all).
 */
public final class NettyHelloServer {
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

  /**
   * The current {@code Date} value; written on one event loop thread, read on all (volatile for
   * {@code threads=N}).
   */
  private static volatile AsciiString date = formatDate();

  private NettyHelloServer() {}

  private static AsciiString formatDate() {
    return AsciiString.cached(IMF_FIXDATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
  }

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    List<String> options = args.length > 1 ? List.of(args[1].split(",")) : List.of();
    SslContext tls = options.contains("tls") ? sslContext(args) : null;
    int threads = TornadoHelloServer.intOption(options, "threads=", 1);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    try {
      group.scheduleAtFixedRate(() -> date = formatDate(), 1, 1, TimeUnit.SECONDS);
      Channel channel =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, TornadoHelloServer.BACKLOG)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      if (tls != null) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                      }
                      ch.pipeline().addLast(new HttpServerCodec(), new HelloHandler());
                    }
                  })
              .bind("127.0.0.1", port)
              .sync()
              .channel();
      System.out.println(
          "netty listening on 127.0.0.1:"
              + port
              + " with "
              + threads
              + " thread(s), options "
              + options);
      channel.closeFuture().sync();
    } finally {
      group.shutdownGracefully();
    }
  }

  /** TLS 1.3 on the JDK provider with the key store and password in {@code args[2..3]}. */
  private static SslContext sslContext(String[] args) {
    if (args.length < 4) {
      throw new IllegalArgumentException(
          "option tls needs the key store and its password after the options, got "
              + args.length
              + " arguments");
    }
    char[] password = args[3].toCharArray();
    try (InputStream in = Files.newInputStream(Path.of(args[2]))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      return SslContextBuilder.forServer(keys)
          .sslProvider(SslProvider.JDK)
          .protocols("TLSv1.3")
          .ciphers(List.of(BulkBody.TLS_CIPHER))
          .build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the key store " + args[2], e);
    }
  }

  /** Answers each request head; request bodies (none in the benchmark) are ignored. */
  private static final class HelloHandler extends SimpleChannelInboundHandler<HttpObject> {
    private static final ByteBuf BODY_BUF =
        Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(BODY));

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (!(msg instanceof HttpRequest)) {
        return;
      }
      HttpRequest request = (HttpRequest) msg;
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      if (request.method() == HttpMethod.GET && "/bulk".equals(request.uri())) {
        sendBulk(ctx, request, keepAlive);
        return;
      }
      FullHttpResponse response;
      if (request.method() == HttpMethod.GET && "/plaintext".equals(request.uri())) {
        response =
            new DefaultFullHttpResponse(
                request.protocolVersion(), HttpResponseStatus.OK, BODY_BUF.duplicate());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
      } else {
        response =
            new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NOT_FOUND);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
      }
      response.headers().set(HttpHeaderNames.DATE, date);
      if (keepAlive) {
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
          response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.write(response);
      } else {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.write(response).addListener(ChannelFutureListener.CLOSE);
      }
    }

    /**
     * Streams {@link BulkBody#SIZE} bytes in {@link BulkBody#PIECE}-byte pieces: each piece is
     * written and flushed when the previous one's write completed, as ours does.
     */
    private static void sendBulk(
        ChannelHandlerContext ctx, HttpRequest request, boolean keepAlive) {
      DefaultHttpResponse head =
          new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.OK);
      head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
      head.headers().set(HttpHeaderNames.CONTENT_LENGTH, BulkBody.SIZE);
      head.headers().set(HttpHeaderNames.DATE, date);
      if (!keepAlive) {
        head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      }
      ctx.writeAndFlush(head).addListener(new BulkPieces(ctx, keepAlive));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** Writes the next piece of a bulk body each time the previous write completes. */
  private static final class BulkPieces implements ChannelFutureListener {
    private static final ByteBuf PIECE =
        Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(BulkBody.array()));

    private final ChannelHandlerContext ctx;
    private final boolean keepAlive;
    private long left = BulkBody.SIZE;

    BulkPieces(ChannelHandlerContext ctx, boolean keepAlive) {
      this.ctx = ctx;
      this.keepAlive = keepAlive;
    }

    @Override
    public void operationComplete(ChannelFuture future) {
      if (!future.isSuccess()) {
        ctx.close();
        return;
      }
      if (left == 0) {
        ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
          last.addListener(ChannelFutureListener.CLOSE);
        }
        return;
      }
      int n = (int) Math.min(left, BulkBody.PIECE);
      left -= n;
      ctx.writeAndFlush(new DefaultHttpContent(PIECE.retainedSlice(0, n))).addListener(this);
    }
  }
}
