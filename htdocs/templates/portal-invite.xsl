<?xml version="1.0" encoding="UTF-8"?>
<!-- portal-invite.xsl: a customer sets the password of an account through a one-time invitation. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_admin.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('invite.title')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:variable name="i" select="invite"/>
    <xsl:variable name="f" select="$i/form"/>
    <section class="card narrow">
      <h1><xsl:value-of select="kp:t('invite.title')"/></h1>
      <p class="lead"><xsl:value-of select="kp:t('invite.hello', $i/@name)"/></p>
      <p><xsl:value-of select="kp:t('login.username')"/>: <strong><xsl:value-of select="$i/@username"/></strong></p>
      <form method="post" action="{$mount}/invite/{$i/@token}" class="stack">
        <input type="hidden" name="csrf" value="{$i/@csrf}"/>
        <xsl:call-template name="input">
          <xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'password'"/>
          <xsl:with-param name="type" select="'password'"/><xsl:with-param name="max" select="1024"/>
          <xsl:with-param name="label" select="'invite.password'"/><xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="autocomplete" select="'new-password'"/><xsl:with-param name="hint" select="'account.password_rules'"/>
        </xsl:call-template>
        <xsl:call-template name="input">
          <xsl:with-param name="form" select="$f"/><xsl:with-param name="name" select="'password2'"/>
          <xsl:with-param name="type" select="'password'"/><xsl:with-param name="max" select="1024"/>
          <xsl:with-param name="label" select="'invite.password2'"/><xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="autocomplete" select="'new-password'"/>
        </xsl:call-template>
        <button type="submit" class="primary"><xsl:value-of select="kp:t('invite.submit')"/></button>
      </form>
    </section>
  </xsl:template>
</xsl:stylesheet>
